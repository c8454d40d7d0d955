# Every alarm here has an entry in docs/runbook.md (what it means, what on-call does).

resource "aws_cloudwatch_metric_alarm" "errors" {
  count = var.alarms_enabled ? 1 : 0

  alarm_name          = "${var.function_name}-errors"
  alarm_description   = "${var.function_name} failed invocations (docs/runbook.md)."
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  dimensions          = { FunctionName = aws_lambda_function.this.function_name }
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = var.errors_alarm_threshold
  treat_missing_data  = "notBreaching"
  alarm_actions       = var.alarm_actions
  ok_actions          = var.alarm_actions

  tags = var.tags
}

resource "aws_cloudwatch_metric_alarm" "throttles" {
  count = var.alarms_enabled ? 1 : 0

  alarm_name          = "${var.function_name}-throttles"
  alarm_description   = "${var.function_name} was throttled: concurrency limits are too low for the load (docs/runbook.md)."
  namespace           = "AWS/Lambda"
  metric_name         = "Throttles"
  dimensions          = { FunctionName = aws_lambda_function.this.function_name }
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = var.throttles_alarm_threshold
  treat_missing_data  = "notBreaching"
  alarm_actions       = var.alarm_actions
  ok_actions          = var.alarm_actions

  tags = var.tags
}
