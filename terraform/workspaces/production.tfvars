# terraform workspace select production && terraform apply -var-file=workspaces/production.tfvars
environment = "production"
aws_region  = "us-east-1"

log_retention_in_days         = 30
processor_maximum_concurrency = 20
deletion_protection_enabled   = true

# The seed's live production-picasso-analytics-daily table is adopted, not created (adoption.tf).
adopt_legacy_daily_aggregates_table = true

dashboard_allowed_origins = ["https://dashboard.example.com"]
jwt_issuer                = "https://auth.example.com"
jwt_audience              = "picasso-analytics-dashboard"
jwt_secret_parameter_name = "/production/picasso-analytics/jwt-secret"

# Caps the public dashboard API; the account keeps the rest for the pipeline.
dashboard_api_reserved_concurrency = 50

athena_bytes_scanned_cutoff_per_query = 10737418240

# Every alarm notifies this environment's own topic (notifications.tf); its subscriptions:
alarm_subscriptions = [
  { protocol = "email", endpoint = "picasso-analytics-oncall@example.com" },
  # The chat webhook carries a token: the deploy workflow appends it from a secret
  # (TF_VAR_alarm_subscriptions), so it never lands in git.
]

# Further topics every alarm notifies, e.g. ["arn:aws:sns:us-east-1:123456789012:picasso-oncall"].
alarm_actions = []

# Freshness: the aggregator runs every 5 minutes (README.md, Freshness).
aggregator_schedule_expression = "rate(5 minutes)"

tags = {
  CostCenter = "picasso-production"
}
