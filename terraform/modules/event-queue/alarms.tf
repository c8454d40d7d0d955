# Every alarm here has an entry in docs/runbook.md (what it means, what on-call does).

resource "aws_cloudwatch_metric_alarm" "dead_letter_queue_depth" {
  count = var.alarms_enabled ? 1 : 0

  alarm_name          = "${var.dead_letter_queue_name}-depth"
  alarm_description   = "Messages reached ${var.dead_letter_queue_name} after ${var.max_receive_count} failed receives: inspect and redrive them (docs/runbook.md)."
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateNumberOfMessagesVisible"
  dimensions          = { QueueName = aws_sqs_queue.dlq.name }
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = var.dead_letter_queue_depth_alarm_threshold
  treat_missing_data  = "notBreaching"
  alarm_actions       = var.alarm_actions
  ok_actions          = var.alarm_actions

  tags = var.tags
}

resource "aws_cloudwatch_metric_alarm" "oldest_message_age" {
  count = var.alarms_enabled ? 1 : 0

  alarm_name          = "${var.name}-oldest-message-age"
  alarm_description   = "The oldest message of ${var.name} waited more than ${var.oldest_message_age_alarm_threshold_seconds}s: the consumer is failing, throttled or too slow (docs/runbook.md)."
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateAgeOfOldestMessage"
  dimensions          = { QueueName = aws_sqs_queue.this.name }
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 2
  comparison_operator = "GreaterThanThreshold"
  threshold           = var.oldest_message_age_alarm_threshold_seconds
  treat_missing_data  = "notBreaching"
  alarm_actions       = var.alarm_actions
  ok_actions          = var.alarm_actions

  tags = var.tags
}

resource "aws_cloudwatch_metric_alarm" "dead_letter_oldest_message_age" {
  count = var.alarms_enabled ? 1 : 0

  alarm_name          = "${var.dead_letter_queue_name}-oldest-message-age"
  alarm_description   = "A message has been in ${var.dead_letter_queue_name} for more than ${var.dead_letter_oldest_message_age_alarm_threshold_seconds}s and will expire at ${var.dead_letter_message_retention_seconds}s: redrive or export it now (docs/runbook.md)."
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateAgeOfOldestMessage"
  dimensions          = { QueueName = aws_sqs_queue.dlq.name }
  statistic           = "Maximum"
  period              = 3600
  evaluation_periods  = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = var.dead_letter_oldest_message_age_alarm_threshold_seconds
  treat_missing_data  = "notBreaching"
  alarm_actions       = var.alarm_actions
  ok_actions          = var.alarm_actions

  tags = var.tags
}
