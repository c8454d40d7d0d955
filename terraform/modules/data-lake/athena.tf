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
