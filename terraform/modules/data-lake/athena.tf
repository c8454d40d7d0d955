resource "aws_athena_workgroup" "this" {
  name          = var.athena_workgroup_name
  description   = "Every Athena query of the pipeline: enforced result location, encryption and scan limit"
  force_destroy = var.force_destroy

  configuration {
    enforce_workgroup_configuration    = true
    publish_cloudwatch_metrics_enabled = true
    bytes_scanned_cutoff_per_query     = var.athena_bytes_scanned_cutoff_per_query

    result_configuration {
      # Expired by the lake bucket's athena-results lifecycle rule.
      output_location = "s3://${aws_s3_bucket.this["lake"].id}/${local.athena_results_prefix}"

      encryption_configuration {
        encryption_option = "SSE_S3"
      }
    }
  }

  tags = var.tags
}

# A cancelled query is one that hit bytes_scanned_cutoff_per_query (or was stopped by its caller
# after a timeout): either way a query without partition pruning or a tenant that outgrew the limit.
resource "aws_cloudwatch_metric_alarm" "athena_cancelled_queries" {
  count = var.alarms_enabled ? 1 : 0

  alarm_name          = "${var.athena_workgroup_name}-cancelled-queries"
  alarm_description   = "Athena cancelled queries of ${var.athena_workgroup_name}: bytes-scanned cutoff hits (docs/runbook.md)."
  namespace           = "AWS/Athena"
  metric_name         = "ProcessedBytes"
  dimensions          = { WorkGroup = aws_athena_workgroup.this.name, QueryState = "CANCELED", QueryType = "DML" }
  statistic           = "SampleCount"
  period              = 3600
  evaluation_periods  = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = 0
  treat_missing_data  = "notBreaching"
  alarm_actions       = var.alarm_actions
  ok_actions          = var.alarm_actions

  tags = var.tags
}
