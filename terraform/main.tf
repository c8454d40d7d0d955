# Picasso Analytics, one environment per workspace:
#   terraform workspace select staging && terraform apply -var-file=workspaces/staging.tfvars
# Build the function zips first (make build); see README.md.

module "events_queue" {
  source = "./modules/event-queue"

  name                             = local.names.events_queue
  dead_letter_queue_name           = local.names.events_dead_letter_queue
  consumer_timeout_seconds         = local.processor_timeout_seconds
  consumer_batching_window_seconds = var.processor_batching_window_seconds
  max_receive_count                = 5
  alarm_actions                    = local.alarm_actions
}

locals {
  # Raw events stay this long in the lake; the processor quarantines older server timestamps.
  raw_events_retention_days = 90
}

module "data_lake" {
  source = "./modules/data-lake"

  lake_bucket_name                      = local.names.lake_bucket
  archive_bucket_name                   = local.names.archive_bucket
  config_bucket_name                    = local.names.config_bucket
  glue_database_name                    = local.names.glue_database
  glue_table_name                       = local.names.glue_table
  athena_workgroup_name                 = local.names.athena_workgroup
  athena_bytes_scanned_cutoff_per_query = var.athena_bytes_scanned_cutoff_per_query
  raw_events_expiration_days            = local.raw_events_retention_days
  force_destroy                         = !var.deletion_protection_enabled
  alarm_actions                         = local.alarm_actions
}

module "tables" {
  source = "./modules/tables"

  daily_aggregates_table_name = local.names.daily_aggregates_table
  dashboard_cache_table_name  = local.names.dashboard_cache_table
  form_submissions_table_name = local.names.form_submissions_table
  conversations_table_name    = local.names.conversations_table
  audit_table_name            = local.names.audit_table
  token_blacklist_table_name  = local.names.token_blacklist_table
  rollups_table_name          = local.names.rollups_table
  dirty_partitions_table_name = local.names.dirty_partitions_table
  deletion_protection_enabled = var.deletion_protection_enabled
}

module "analytics_event_processor" {
  source = "./modules/lambda-service"

  function_name         = local.names.functions["analytics-event-processor"]
  description           = "Validates analytics events from SQS and writes the Hive-partitioned lake"
  source_zip_path       = "${local.dist_dir}/analytics-event-processor.zip"

  # CI's versioned artifact when the pipeline passes one (README.md, Deploy pipeline), else the local zip.
  artifact_s3_bucket         = var.artifacts_bucket
  artifact_s3_key            = try(var.artifacts["analytics-event-processor"].s3_key, null)
  artifact_s3_object_version = try(var.artifacts["analytics-event-processor"].s3_object_version, null)
  artifact_sha256            = try(var.artifacts["analytics-event-processor"].sha256, null)

  timeout               = local.processor_timeout_seconds
  memory_size           = 512
  log_retention_in_days = var.log_retention_in_days

  environment_variables = {
    LAKE_BUCKET            = module.data_lake.lake_bucket_name
    CONFIG_BUCKET          = module.data_lake.config_bucket_name
    DIRTY_PARTITIONS_TABLE = module.tables.table_names["dirty_partitions"]
    EVENT_MAX_AGE_DAYS     = local.raw_events_retention_days
  }

  policy_statements = merge(local.read_tenant_mappings, local.processor_statements)

  sqs_event_source_enabled               = true
  sqs_queue_arn                          = module.events_queue.queue_arn
  sqs_batch_size                         = var.processor_batch_size
  sqs_maximum_batching_window_in_seconds = var.processor_batching_window_seconds
  sqs_maximum_concurrency                = var.processor_maximum_concurrency

  alarm_actions = local.alarm_actions
}

module "analytics_aggregator" {
  source = "./modules/lambda-service"

  function_name         = local.names.functions["analytics-aggregator"]
  description           = "Every few minutes (aggregator_schedule_expression): rolls up dirty tenant-days from Athena and refreshes the dashboard cache"
  source_zip_path       = "${local.dist_dir}/analytics-aggregator.zip"

  # CI's versioned artifact when the pipeline passes one (README.md, Deploy pipeline), else the local zip.
  artifact_s3_bucket         = var.artifacts_bucket
  artifact_s3_key            = try(var.artifacts["analytics-aggregator"].s3_key, null)
  artifact_s3_object_version = try(var.artifacts["analytics-aggregator"].s3_object_version, null)
  artifact_sha256            = try(var.artifacts["analytics-aggregator"].sha256, null)

  timeout               = 900
  memory_size           = 1024
  log_retention_in_days = var.log_retention_in_days

  # Overlapping runs would race on the same dirty marks.
  reserved_concurrent_executions = 1

  environment_variables = {
    ROLLUPS_TABLE          = module.tables.table_names["rollups"]
    DASHBOARD_CACHE_TABLE  = module.tables.table_names["dashboard_cache"]
    DIRTY_PARTITIONS_TABLE = module.tables.table_names["dirty_partitions"]
    DAILY_AGGREGATES_TABLE = module.tables.table_names["daily_aggregates"]
    ARCHIVE_BUCKET         = module.data_lake.archive_bucket_name
    CONFIG_BUCKET          = module.data_lake.config_bucket_name
    ATHENA_WORKGROUP       = module.data_lake.athena_workgroup_name
    ATHENA_DATABASE        = module.data_lake.glue_database_name
  }

  policy_statements = merge(local.read_tenant_configs, local.athena_queries, local.aggregator_statements, local.aggregator_daily_statements)

  alarm_actions = local.alarm_actions
}

module "aggregator_schedule" {
  source = "./modules/schedule"

  name                = local.names.aggregator_schedule_rule
  description         = "Runs the analytics aggregator (seed: picasso-analytics-aggregator-hourly)"
  schedule_expression = var.aggregator_schedule_expression
  function_name       = module.analytics_aggregator.function_name
  function_arn        = module.analytics_aggregator.function_arn
  alarm_actions       = local.alarm_actions
}

module "analytics_dashboard_api" {
  source = "./modules/lambda-service"

  function_name         = local.names.functions["analytics-dashboard-api"]
  description           = "Dashboard API behind a Function URL: cache, rollups, Athena cold path, form submissions"
  source_zip_path       = "${local.dist_dir}/analytics-dashboard-api.zip"

  # CI's versioned artifact when the pipeline passes one (README.md, Deploy pipeline), else the local zip.
  artifact_s3_bucket         = var.artifacts_bucket
  artifact_s3_key            = try(var.artifacts["analytics-dashboard-api"].s3_key, null)
  artifact_s3_object_version = try(var.artifacts["analytics-dashboard-api"].s3_object_version, null)
  artifact_sha256            = try(var.artifacts["analytics-dashboard-api"].sha256, null)

  timeout               = 30
  memory_size           = 1024
  log_retention_in_days = var.log_retention_in_days
  # A public URL: a flood of requests must not take every instance of the account (OWASP API4).
  reserved_concurrent_executions = var.dashboard_api_reserved_concurrency

  environment_variables = {
    DASHBOARD_CACHE_TABLE  = module.tables.table_names["dashboard_cache"]
    ROLLUPS_TABLE          = module.tables.table_names["rollups"]
    FORM_SUBMISSIONS_TABLE = module.tables.table_names["form_submissions"]
    AUDIT_TABLE            = module.tables.table_names["audit"]
    TOKEN_BLACKLIST_TABLE  = module.tables.table_names["token_blacklist"]
    CONFIG_BUCKET          = module.data_lake.config_bucket_name
    JWT_ISSUER             = var.jwt_issuer
    JWT_AUDIENCE           = var.jwt_audience
    JWT_SECRET_PARAMETER   = var.jwt_secret_parameter_name
    CORS_ALLOWED_ORIGINS   = join(",", var.dashboard_allowed_origins)
    ATHENA_WORKGROUP       = module.data_lake.athena_workgroup_name
    ATHENA_DATABASE        = module.data_lake.glue_database_name
  }

  policy_statements = merge(local.read_tenant_configs, local.athena_queries, local.dashboard_api_statements)

  function_url_enabled              = true
  function_url_cors_allowed_origins = var.dashboard_allowed_origins
  function_url_cors_allowed_methods = ["GET"]

  alarm_actions = local.alarm_actions
}
