# terraform workspace select production && terraform apply -var-file=workspaces/production.tfvars
environment = "production"
aws_region  = "us-east-1"

log_retention_in_days         = 30
processor_maximum_concurrency = 20
deletion_protection_enabled   = true

dashboard_allowed_origins = ["https://dashboard.example.com"]
jwt_issuer                = "https://auth.example.com"
jwt_audience              = "picasso-analytics-dashboard"
jwt_secret_parameter_name = "/production/picasso-analytics/jwt-secret"

# Caps the public dashboard API; the account keeps the rest for the pipeline.
dashboard_api_reserved_concurrency = 50

athena_bytes_scanned_cutoff_per_query = 10737418240

# SNS topic(s) paging on-call, e.g. ["arn:aws:sns:us-east-1:123456789012:picasso-oncall"].
alarm_actions = []

tags = {
  CostCenter = "picasso-production"
}
