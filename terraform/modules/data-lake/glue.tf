resource "aws_glue_catalog_database" "this" {
  name        = var.glue_database_name
  description = "Picasso analytics lake (Athena)"

  tags = var.tags
}

# The seed's picasso_analytics.events table. Partition projection computes partitions from the
# query instead of the catalog, so a new tenant-day is queryable the moment its first object is
# written: no crawler, no MSCK REPAIR (https://docs.aws.amazon.com/athena/latest/ug/partition-projection.html).
# tenant_id is `injected`: every query must name its tenant(s), which is also how the pipeline
# keeps tenants apart.
resource "aws_glue_catalog_table" "events" {
  name          = var.glue_table_name
  database_name = aws_glue_catalog_database.this.name
  description   = "One row per analytics event, NDJSON (gzip) under analytics/, partitioned by tenant and UTC day"
  table_type    = "EXTERNAL_TABLE"

  parameters = {
    EXTERNAL                    = "TRUE"
    classification              = "json"
    has_encrypted_data          = "false"
    "projection.enabled"        = "true"
    "projection.tenant_id.type" = "injected"
    "projection.year.type"      = "integer"
    "projection.year.range"     = var.projection_year_range
    "projection.month.type"     = "integer"
    "projection.month.range"    = "1,12"
    "projection.month.digits"   = "2"
    "projection.day.type"       = "integer"
    "projection.day.range"      = "1,31"
    "projection.day.digits"     = "2"
    "storage.location.template" = "s3://${aws_s3_bucket.this["lake"].id}/${local.lake_prefix}tenant_id=$${tenant_id}/year=$${year}/month=$${month}/day=$${day}/"
  }

  partition_keys {
    name = "tenant_id"
    type = "string"
  }

  partition_keys {
    name = "year"
    type = "int"
  }

  partition_keys {
    name = "month"
    type = "int"
  }

  partition_keys {
    name = "day"
    type = "int"
  }

  storage_descriptor {
    location      = "s3://${aws_s3_bucket.this["lake"].id}/${local.lake_prefix}"
    input_format  = "org.apache.hadoop.mapred.TextInputFormat"
    output_format = "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat"

    ser_de_info {
      name                  = "events-json"
      serialization_library = "org.openx.data.jsonserde.JsonSerDe"
    }

    columns {
      name = "event_id"
      type = "string"
    }

    columns {
      name = "schema_version"
      type = "string"
    }

    columns {
      name = "session_id"
      type = "string"
    }

    columns {
      name = "tenant_hash"
      type = "string"
    }

    columns {
      name = "step_number"
      type = "int"
    }

    columns {
      name = "event_type"
      type = "string"
    }

    columns {
      name    = "event_payload"
      type    = "string"
      comment = "The event payload as a JSON string (content_preview redacted)"
    }

    columns {
      name = "client_timestamp"
      type = "string"
    }

    columns {
      name = "server_timestamp"
      type = "string"
    }

    columns {
      name = "ga_client_id"
      type = "string"
    }

    columns {
      name = "environment"
      type = "string"
    }
  }
}
