# The legacy path (seed: Analytics_Function) for the Bubble dashboard: GET /analytics behind a
# Function URL, answering from three tiers by age (Logs Insights over the streaming handler's
# QA_COMPLETE lines, the daily aggregates table, the archive bucket). The aggregator writes the
# daily items and archive files (its statements below). docs/decisions.md §30.

locals {
  archive_arn            = module.data_lake.archive_bucket_arn
  daily_aggregate_prefix = "daily-aggregates/"

  analytics_function_statements = {
    # Tier 1: Insights over the one log group that holds QA_COMPLETE.
    start_qa_queries = {
      actions   = ["logs:StartQuery"]
      resources = [module.bedrock_streaming_handler.log_group_arn, "${module.bedrock_streaming_handler.log_group_arn}:*"]
    }
    # GetQueryResults and StopQuery take a query id and support no resource type, so IAM accepts
    # only "*" for them (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoncloudwatchlogs.html);
    # the query ids come from StartQuery above, which is scoped.
    read_qa_query_results = {
      actions   = ["logs:GetQueryResults", "logs:StopQuery"]
      resources = ["*"]
    }
    # Tier 2 and the legacy API keys (APIKEY#<sha256> items of the same table).
    read_daily_aggregates = {
      actions   = ["dynamodb:BatchGetItem", "dynamodb:GetItem"]
      resources = [local.table_arns["daily_aggregates"]]
    }
    # Form counts of the tier-1 days come from the aggregator's rollups.
    read_rollups = {
      actions   = ["dynamodb:Query"]
      resources = [local.table_arns["rollups"]]
    }
    # Tier 3; ListBucket so a day without a file answers NoSuchKey (reported missing) instead of AccessDenied.
    read_daily_archive = {
      actions   = ["s3:GetObject"]
      resources = ["${local.archive_arn}/${local.daily_aggregate_prefix}*"]
    }
    list_daily_archive = {
      actions   = ["s3:ListBucket"]
      resources = [local.archive_arn]
    }
    read_form_submissions = {
      actions   = ["dynamodb:Query"]
      resources = [module.tables.form_submissions_index_arn]
    }
    decrypt_form_submissions = {
      actions   = ["kms:Decrypt"]
      resources = [module.tables.form_submissions_kms_key_arn]
    }
    write_audit_trail = {
      actions   = ["dynamodb:PutItem"]
      resources = [local.table_arns["audit"]]
    }
    check_token_blacklist = {
      actions   = ["dynamodb:GetItem"]
      resources = [local.table_arns["token_blacklist"]]
    }
    read_jwt_secret = {
      actions   = ["ssm:GetParameter"]
      resources = [local.ssm_jwt_arn]
    }
  }

  # Added to the aggregator's role: the daily items (GetItem: "is yesterday written?") and their archive files.
  aggregator_daily_statements = {
    write_daily_aggregates = {
      actions   = ["dynamodb:GetItem", "dynamodb:BatchWriteItem"]
      resources = [local.table_arns["daily_aggregates"]]
    }
    write_daily_archive = {
      actions   = ["s3:PutObject"]
      resources = ["${local.archive_arn}/${local.daily_aggregate_prefix}*"]
    }
  }
}

module "analytics_function" {
  source = "./modules/lambda-service"

  function_name   = local.names.functions["analytics-function"]
  description     = "Legacy Analytics_Function behind a Function URL: GET /analytics from Logs Insights, the daily table and the archive"
  source_zip_path = "${local.dist_dir}/analytics-function.zip"

  # CI's versioned artifact when the pipeline passes one (README.md, Deploy pipeline), else the local zip.
  artifact_s3_bucket         = var.artifacts_bucket
  artifact_s3_key            = try(var.artifacts["analytics-function"].s3_key, null)
  artifact_s3_object_version = try(var.artifacts["analytics-function"].s3_object_version, null)
  artifact_sha256            = try(var.artifacts["analytics-function"].sha256, null)

  # Above INSIGHTS_QUERY_TIMEOUT_SECONDS (20): a slow Insights query is stopped and its days reported missing.
  timeout               = 30
  memory_size           = 1024
  log_retention_in_days = var.log_retention_in_days
  # A public URL: a flood of requests must not take every instance of the account (OWASP API4).
  reserved_concurrent_executions = var.analytics_function_reserved_concurrency

  environment_variables = {
    DAILY_AGGREGATES_TABLE = module.tables.table_names["daily_aggregates"]
    ARCHIVE_BUCKET         = module.data_lake.archive_bucket_name
    ROLLUPS_TABLE          = module.tables.table_names["rollups"]
    QA_LOG_GROUP           = module.bedrock_streaming_handler.log_group_name
    FORM_SUBMISSIONS_TABLE = module.tables.table_names["form_submissions"]
    AUDIT_TABLE            = module.tables.table_names["audit"]
    TOKEN_BLACKLIST_TABLE  = module.tables.table_names["token_blacklist"]
    CONFIG_BUCKET          = module.data_lake.config_bucket_name
    JWT_ISSUER             = var.jwt_issuer
    JWT_AUDIENCE           = var.jwt_audience
    JWT_SECRET_PARAMETER   = var.jwt_secret_parameter_name
  }

  policy_statements = merge(local.read_tenant_configs, local.analytics_function_statements)

  # Bubble calls server to server: no browser origin is allowed.
  function_url_enabled = true

  alarm_actions = local.alarm_actions
}

output "analytics_function_url" {
  description = "Function URL of the legacy analytics function (Bubble's base URL; the route is /analytics)"
  value       = module.analytics_function.function_url
}
