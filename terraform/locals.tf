# Every resource name, derived from the workspace with the rule of shared/src/resources/names.ts
# (`<env>-<seed name>`; Glue uses `_`; buckets, global across accounts, end in
# `-<account id>-<region>`). tools/infra-checks evaluates these for `staging` and `production`
# (with an example account and region) and fails unless they equal resourceNames(env, scope).
locals {
  environment      = terraform.workspace
  glue_environment = replace(local.environment, "-", "_")
  bucket_suffix    = "${data.aws_caller_identity.current.account_id}-${data.aws_region.current.region}"

  names = {
    events_queue             = "${local.environment}-picasso-analytics-events"
    events_dead_letter_queue = "${local.environment}-picasso-analytics-events-dlq"
    lake_bucket              = "${local.environment}-picasso-analytics-${local.bucket_suffix}"
    archive_bucket           = "${local.environment}-picasso-analytics-archive-${local.bucket_suffix}"
    config_bucket            = "${local.environment}-myrecruiter-picasso-${local.bucket_suffix}"
    daily_aggregates_table   = "${local.environment}-picasso-analytics-daily"
    dashboard_cache_table    = "${local.environment}-picasso-dashboard-aggregates"
    form_submissions_table   = "${local.environment}-picasso-form-submissions"
    conversations_table      = "${local.environment}-picasso-conversations"
    audit_table              = "${local.environment}-picasso-analytics-audit"
    token_blacklist_table    = "${local.environment}-picasso-token-blacklist"
    rollups_table            = "${local.environment}-picasso-analytics-rollups"
    dirty_partitions_table   = "${local.environment}-picasso-analytics-dirty-partitions"
    glue_database            = "${local.glue_environment}_picasso_analytics"
    glue_table               = "events"
    athena_workgroup         = "${local.environment}-picasso-analytics"
    aggregator_schedule_rule = "${local.environment}-picasso-analytics-aggregator-hourly"
    alarms_topic             = "${local.environment}-picasso-analytics-alarms"
    functions = {
      "analytics-event-processor" = "${local.environment}-analytics-event-processor"
      "analytics-aggregator"      = "${local.environment}-analytics-aggregator"
      "analytics-dashboard-api"   = "${local.environment}-analytics-dashboard-api"
      "master-function"           = "${local.environment}-master-function"
      "bedrock-streaming-handler" = "${local.environment}-bedrock-streaming-handler"
      "analytics-function"        = "${local.environment}-analytics-function"
    }
  }

  # Every alarm of every module notifies the environment's topic (notifications.tf), plus any
  # further ARNs of the tfvars.
  alarm_actions = concat([aws_sns_topic.alarms.arn], var.alarm_actions)

  # `make build-<service>` writes dist/<service>.zip at the repository root.
  dist_dir = "${path.root}/../dist"

  # The processor's timeout drives the queue's visibility timeout (6 x, docs/architecture.md, "Reliability").
  processor_timeout_seconds = 50
}

# Refuses the `default` workspace and a tfvars file of another environment.
resource "terraform_data" "workspace_guard" {
  lifecycle {
    precondition {
      condition     = local.environment == var.environment && can(regex("^[a-z][a-z0-9-]{1,22}$", local.environment))
      error_message = "Select the workspace of the tfvars file: terraform workspace select ${var.environment} (the current one is ${local.environment})."
    }
  }
}
