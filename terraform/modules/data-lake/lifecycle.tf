resource "aws_s3_bucket_lifecycle_configuration" "lake" {
  bucket = aws_s3_bucket.this["lake"].id

  rule {
    id     = "raw-events"
    status = "Enabled"

    filter {
      prefix = local.lake_prefix
    }

    expiration {
      days = var.raw_events_expiration_days
    }
  }

  rule {
    id     = "quarantine"
    status = "Enabled"

    filter {
      prefix = local.quarantine_prefix
    }

    expiration {
      days = var.quarantine_expiration_days
    }
  }

  rule {
    id     = "spill"
    status = "Enabled"

    filter {
      prefix = local.spill_prefix
    }

    expiration {
      days = var.spill_expiration_days
    }
  }

  rule {
    id     = "quarantine-replayed"
    status = "Enabled"

    filter {
      prefix = local.quarantine_replayed_prefix
    }

    expiration {
      days = var.replayed_expiration_days
    }
  }

  rule {
    id     = "spill-replayed"
    status = "Enabled"

    filter {
      prefix = local.spill_replayed_prefix
    }

    expiration {
      days = var.replayed_expiration_days
    }
  }

  rule {
    id     = "athena-results"
    status = "Enabled"

    filter {
      prefix = local.athena_results_prefix
    }

    expiration {
      days = var.athena_results_expiration_days
    }
  }

  rule {
    id     = "abort-incomplete-uploads"
    status = "Enabled"

    filter {}

    abort_incomplete_multipart_upload {
      days_after_initiation = 1
    }
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "archive" {
  bucket = aws_s3_bucket.this["archive"].id

  rule {
    id     = "seven-year-retention"
    status = "Enabled"

    filter {}

    transition {
      days          = var.archive_transition_days
      storage_class = var.archive_storage_class
    }

    expiration {
      days = var.archive_retention_days
    }

    noncurrent_version_expiration {
      noncurrent_days = var.noncurrent_version_expiration_days
    }

    abort_incomplete_multipart_upload {
      days_after_initiation = 1
    }
  }

  depends_on = [aws_s3_bucket_versioning.this]
}

resource "aws_s3_bucket_lifecycle_configuration" "config" {
  bucket = aws_s3_bucket.this["config"].id

  rule {
    id     = "old-versions"
    status = "Enabled"

    filter {}

    noncurrent_version_expiration {
      noncurrent_days = var.noncurrent_version_expiration_days
    }

    abort_incomplete_multipart_upload {
      days_after_initiation = 1
    }
  }

  depends_on = [aws_s3_bucket_versioning.this]
}
