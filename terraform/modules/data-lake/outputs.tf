output "lake_bucket_name" {
  description = "Name of the lake bucket"
  value       = aws_s3_bucket.this["lake"].id
}

output "lake_bucket_arn" {
  description = "ARN of the lake bucket"
  value       = aws_s3_bucket.this["lake"].arn
}

output "archive_bucket_name" {
  description = "Name of the archive bucket"
  value       = aws_s3_bucket.this["archive"].id
}

output "archive_bucket_arn" {
  description = "ARN of the archive bucket"
  value       = aws_s3_bucket.this["archive"].arn
}

output "config_bucket_name" {
  description = "Name of the tenant-config bucket"
  value       = aws_s3_bucket.this["config"].id
}

output "config_bucket_arn" {
  description = "ARN of the tenant-config bucket"
  value       = aws_s3_bucket.this["config"].arn
}

output "lake_prefix" {
  description = "Key prefix of raw events in the lake bucket"
  value       = local.lake_prefix
}

output "quarantine_prefix" {
  description = "Key prefix of quarantined records in the lake bucket"
  value       = local.quarantine_prefix
}

output "athena_results_prefix" {
  description = "Key prefix of Athena query results in the lake bucket"
  value       = local.athena_results_prefix
}

output "glue_database_name" {
  description = "Name of the Glue database"
  value       = aws_glue_catalog_database.this.name
}

output "glue_database_arn" {
  description = "ARN of the Glue database"
  value       = aws_glue_catalog_database.this.arn
}

output "glue_catalog_arn" {
  description = "ARN of the account's Glue Data Catalog (Glue IAM actions on a table also need it)"
  value       = "arn:${data.aws_partition.current.partition}:glue:${data.aws_region.current.region}:${data.aws_caller_identity.current.account_id}:catalog"
}

output "glue_table_name" {
  description = "Name of the events table"
  value       = aws_glue_catalog_table.events.name
}

output "glue_table_arn" {
  description = "ARN of the events table"
  value       = aws_glue_catalog_table.events.arn
}

output "athena_workgroup_name" {
  description = "Name of the Athena workgroup"
  value       = aws_athena_workgroup.this.name
}

output "athena_workgroup_arn" {
  description = "ARN of the Athena workgroup"
  value       = aws_athena_workgroup.this.arn
}

output "alarm_names" {
  description = "Names of the module's CloudWatch alarms"
  value       = aws_cloudwatch_metric_alarm.athena_cancelled_queries[*].alarm_name
}
