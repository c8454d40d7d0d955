output "environment" {
  description = "Environment (workspace) of this state"
  value       = local.environment
}

output "events_queue_url" {
  description = "URL producers send analytics events to"
  value       = module.events_queue.queue_url
}

output "events_dead_letter_queue_url" {
  description = "URL of the DLQ (the redrive tool's --dlq-url)"
  value       = module.events_queue.dead_letter_queue_url
}

output "lake_bucket_name" {
  description = "Name of the lake bucket"
  value       = module.data_lake.lake_bucket_name
}

output "config_bucket_name" {
  description = "Name of the tenant-config bucket"
  value       = module.data_lake.config_bucket_name
}

output "archive_bucket_name" {
  description = "Name of the archive bucket"
  value       = module.data_lake.archive_bucket_name
}

output "athena_workgroup_name" {
  description = "Athena workgroup of every pipeline query"
  value       = module.data_lake.athena_workgroup_name
}

output "table_names" {
  description = "DynamoDB table names by role"
  value       = module.tables.table_names
}

output "function_names" {
  description = "Lambda function names by service folder"
  value = {
    "analytics-event-processor" = module.analytics_event_processor.function_name
    "analytics-aggregator"      = module.analytics_aggregator.function_name
    "analytics-dashboard-api"   = module.analytics_dashboard_api.function_name
    "analytics-function"        = module.analytics_function.function_name
  }
}

output "dashboard_api_url" {
  description = "Function URL of the dashboard API (the dashboard's API base URL)"
  value       = module.analytics_dashboard_api.function_url
}

output "alarm_names" {
  description = "Every CloudWatch alarm (see docs/runbook.md)"
  value = concat(
    module.events_queue.alarm_names,
    module.data_lake.alarm_names,
    [aws_cloudwatch_metric_alarm.events_quarantined.alarm_name],
    module.analytics_event_processor.alarm_names,
    module.analytics_aggregator.alarm_names,
    module.analytics_dashboard_api.alarm_names,
    module.analytics_function.alarm_names,
  )
}
