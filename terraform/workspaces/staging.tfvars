# terraform workspace select staging && terraform apply -var-file=workspaces/staging.tfvars
environment = "staging"
aws_region  = "us-east-1"

log_retention_in_days         = 7
processor_maximum_concurrency = 5
deletion_protection_enabled   = false

dashboard_allowed_origins = ["https://staging.dashboard.example.com"]
jwt_issuer                = "https://staging.auth.example.com"
jwt_audience              = "picasso-analytics-dashboard"
jwt_secret_parameter_name = "/staging/picasso-analytics/jwt-secret"

dashboard_api_reserved_concurrency = 5

# 1 GiB per query is plenty for one tenant-day.
athena_bytes_scanned_cutoff_per_query = 1073741824

alarm_subscriptions = [
  { protocol = "email", endpoint = "picasso-analytics-staging-alerts@example.com" },
]

alarm_actions = []

# Staging needs no 5-minute freshness: every 15 minutes costs a third of the queries.
aggregator_schedule_expression = "rate(15 minutes)"

tags = {
  CostCenter = "picasso-staging"
}
