output "queue_name" {
  description = "Name of the source queue"
  value       = aws_sqs_queue.this.name
}

output "queue_arn" {
  description = "ARN of the source queue (event source of the consumer)"
  value       = aws_sqs_queue.this.arn
}

output "queue_url" {
  description = "URL of the source queue (producers send here)"
  value       = aws_sqs_queue.this.id
}

output "queue_visibility_timeout_seconds" {
  description = "Visibility timeout of the source queue"
  value       = aws_sqs_queue.this.visibility_timeout_seconds
}

output "dead_letter_queue_name" {
  description = "Name of the dead-letter queue"
  value       = aws_sqs_queue.dlq.name
}

output "dead_letter_queue_arn" {
  description = "ARN of the dead-letter queue"
  value       = aws_sqs_queue.dlq.arn
}

output "dead_letter_queue_url" {
  description = "URL of the dead-letter queue (the redrive tool reads it)"
  value       = aws_sqs_queue.dlq.id
}

output "alarm_names" {
  description = "Names of the CloudWatch alarms of the queue pair"
  value = concat(
    aws_cloudwatch_metric_alarm.dead_letter_queue_depth[*].alarm_name,
    aws_cloudwatch_metric_alarm.oldest_message_age[*].alarm_name,
    aws_cloudwatch_metric_alarm.dead_letter_oldest_message_age[*].alarm_name,
  )
}
