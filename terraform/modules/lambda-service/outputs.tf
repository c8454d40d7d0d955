output "function_name" {
  description = "Name of the function"
  value       = aws_lambda_function.this.function_name
}

output "function_arn" {
  description = "ARN of the function"
  value       = aws_lambda_function.this.arn
}

output "function_timeout" {
  description = "Timeout of the function in seconds"
  value       = aws_lambda_function.this.timeout
}

output "function_url" {
  description = "The Function URL, or null when function_url_enabled is false"
  value       = try(aws_lambda_function_url.this[0].function_url, null)
}

output "role_arn" {
  description = "ARN of the function's execution role"
  value       = aws_iam_role.this.arn
}

output "role_name" {
  description = "Name of the function's execution role"
  value       = aws_iam_role.this.name
}

output "log_group_name" {
  description = "Name of the function's log group"
  value       = aws_cloudwatch_log_group.this.name
}

output "log_group_arn" {
  description = "ARN of the function's log group"
  value       = aws_cloudwatch_log_group.this.arn
}

output "event_source_mapping_uuid" {
  description = "UUID of the SQS event source mapping, or null"
  value       = try(aws_lambda_event_source_mapping.sqs[0].uuid, null)
}

output "alarm_names" {
  description = "Names of the function's CloudWatch alarms"
  value       = concat(aws_cloudwatch_metric_alarm.errors[*].alarm_name, aws_cloudwatch_metric_alarm.throttles[*].alarm_name)
}
