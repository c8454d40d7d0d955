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
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
}

# The aggregator could not refresh some tenants (TenantsFailed, dimension `service`); their marks
# are kept and every later run retries them, so one failed run is noise and two in a row are not.
resource "aws_cloudwatch_metric_alarm" "aggregator_tenants_failed" {
  alarm_name          = "${local.names.functions["analytics-aggregator"]}-tenants-failed"
  alarm_description   = "The aggregator failed to refresh at least one tenant in two consecutive evaluation periods (docs/runbook.md, Aggregator tenants failed)."
  namespace           = "PicassoAnalytics"
  metric_name         = "TenantsFailed"
  dimensions          = { service = "analytics-aggregator" }
  statistic           = "Sum"
  period              = 900
  evaluation_periods  = 2
  comparison_operator = "GreaterThanThreshold"
  threshold           = 0
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
}

# After each run the aggregator publishes CacheAgeSeconds, the age of the oldest tenant cache.
# No data means no run finished: that is the stale dashboard this alarm exists for, so missing
# data breaches.
resource "aws_cloudwatch_metric_alarm" "aggregator_cache_age" {
  alarm_name          = "${local.names.functions["analytics-aggregator"]}-cache-age"
  alarm_description   = "The oldest tenant cache is older than ${var.aggregator_cache_age_alarm_threshold_seconds}s, or no aggregator run finished for an hour (docs/runbook.md, Dashboard cache age)."
  namespace           = "PicassoAnalytics"
  metric_name         = "CacheAgeSeconds"
  dimensions          = { service = "analytics-aggregator" }
  statistic           = "Maximum"
  period              = 3600
  evaluation_periods  = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = var.aggregator_cache_age_alarm_threshold_seconds
  treat_missing_data  = "breaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
}
