# Pipeline alarms that belong to no single module. Each has an entry in docs/runbook.md.

# The processor writes records it can never accept to quarantine/ and emits EventsQuarantined
# (Powertools EMF, dimension `service`). A trickle is normal; a jump is a producer bug or a
# missing tenant mapping.
resource "aws_cloudwatch_metric_alarm" "events_quarantined" {
  alarm_name          = "${local.names.functions["analytics-event-processor"]}-events-quarantined"
  alarm_description   = "More than ${var.quarantine_alarm_threshold} events quarantined in an hour (docs/runbook.md, Quarantine growth)."
  namespace           = "PicassoAnalytics"
  metric_name         = "EventsQuarantined"
  dimensions          = { service = "analytics-event-processor" }
  statistic           = "Sum"
  period              = 3600
  evaluation_periods  = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = var.quarantine_alarm_threshold
  treat_missing_data  = "notBreaching"
  alarm_actions       = var.alarm_actions
  ok_actions          = var.alarm_actions
}
