output "table_names" {
  description = "Table names by role (daily_aggregates, dashboard_cache, rollups, dirty_partitions, form_submissions, conversations, audit, token_blacklist)"
  value       = { for k, t in aws_dynamodb_table.this : k => t.name }
}

output "table_arns" {
  description = "Table ARNs by role"
  value       = { for k, t in aws_dynamodb_table.this : k => t.arn }
}

output "form_submissions_kms_key_arn" {
  description = "ARN of the customer-managed KMS key of the form submissions table (readers need kms:Decrypt on it)"
  value       = aws_kms_key.form_submissions.arn
}

output "form_submissions_index_arn" {
  description = "ARN of the tenant-timestamp-index of the form submissions table"
  value       = "${aws_dynamodb_table.this["form_submissions"].arn}/index/tenant-timestamp-index"
}
