output "rule_name" {
  description = "Name of the EventBridge rule"
  value       = aws_cloudwatch_event_rule.this.name
}

output "rule_arn" {
  description = "ARN of the EventBridge rule"
  value       = aws_cloudwatch_event_rule.this.arn
}

output "schedule_expression" {
  description = "When the rule fires"
  value       = aws_cloudwatch_event_rule.this.schedule_expression
}

output "alarm_names" {
  description = "Names of the schedule's CloudWatch alarms"
  value       = [aws_cloudwatch_metric_alarm.failed_invocations.alarm_name]
}
