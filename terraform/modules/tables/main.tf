locals {
  pk_sk = { pk = "S", sk = "S" }

  # Key schemas mirror tableSpecs() in shared/src/resources/tables.ts (the local stack creates the
  # same tables from it); tools/infra-checks fails when the two drift apart.
  # `derivable` tables can be rebuilt from the lake or are caches: no point-in-time recovery.
  tables = {
    daily_aggregates = {
      name                     = var.daily_aggregates_table_name
      hash_key                 = "pk"
      range_key                = "sk"
      attributes               = local.pk_sk
      ttl_attribute            = "ttl"
      global_secondary_indexes = []
      # Holds the legacy API keys too (APIKEY#<sha256>), which nothing can rebuild.
      derivable            = false
      customer_managed_key = false
    }
    dashboard_cache = {
      name                     = var.dashboard_cache_table_name
      hash_key                 = "pk"
      range_key                = "sk"
      attributes               = local.pk_sk
      ttl_attribute            = "ttl"
      global_secondary_indexes = []
      derivable                = true
      customer_managed_key     = false
    }
    rollups = {
      name                     = var.rollups_table_name
      hash_key                 = "pk"
      range_key                = "sk"
      attributes               = local.pk_sk
      ttl_attribute            = null
      global_secondary_indexes = []
      derivable                = true
      customer_managed_key     = false
    }
    dirty_partitions = {
      name                     = var.dirty_partitions_table_name
      hash_key                 = "pk"
      range_key                = "sk"
      attributes               = local.pk_sk
      ttl_attribute            = null
      global_secondary_indexes = []
      derivable                = true
      customer_managed_key     = false
    }
    form_submissions = {
      name          = var.form_submissions_table_name
      hash_key      = "submission_id"
      range_key     = null
      attributes    = { submission_id = "S", tenant_id = "S", submitted_at = "S" }
      ttl_attribute = null
      global_secondary_indexes = [
        { name = "tenant-timestamp-index", hash_key = "tenant_id", range_key = "submitted_at" },
      ]
      derivable            = false
      customer_managed_key = true
    }
    conversations = {
      name                     = var.conversations_table_name
      hash_key                 = "conversation_id"
      range_key                = null
      attributes               = { conversation_id = "S" }
      ttl_attribute            = "ttl"
      global_secondary_indexes = []
      derivable                = false
      customer_managed_key     = false
    }
    audit = {
      name                     = var.audit_table_name
      hash_key                 = "audit_id"
      range_key                = "timestamp"
      attributes               = { audit_id = "S", timestamp = "S" }
      ttl_attribute            = null
      global_secondary_indexes = []
      derivable                = false
      customer_managed_key     = false
    }
    token_blacklist = {
      name                     = var.token_blacklist_table_name
      hash_key                 = "token_hash"
      range_key                = null
      attributes               = { token_hash = "S" }
      ttl_attribute            = "ttl"
      global_secondary_indexes = []
      derivable                = false
      customer_managed_key     = false
    }
  }
}

resource "aws_dynamodb_table" "this" {
  for_each = local.tables

  name                        = each.value.name
  billing_mode                = "PAY_PER_REQUEST"
  hash_key                    = each.value.hash_key
  range_key                   = each.value.range_key
  deletion_protection_enabled = var.deletion_protection_enabled

  dynamic "attribute" {
    for_each = each.value.attributes

    content {
      name = attribute.key
      type = attribute.value
    }
  }

  dynamic "global_secondary_index" {
    for_each = each.value.global_secondary_indexes

    content {
      name            = global_secondary_index.value.name
      hash_key        = global_secondary_index.value.hash_key
      range_key       = global_secondary_index.value.range_key
      projection_type = "ALL"
    }
  }

  dynamic "ttl" {
    for_each = each.value.ttl_attribute == null ? [] : [each.value.ttl_attribute]

    content {
      attribute_name = ttl.value
      enabled        = true
    }
  }

  point_in_time_recovery {
    enabled = var.point_in_time_recovery_enabled && !each.value.derivable
  }

  # Without kms_key_arn DynamoDB uses the AWS-managed key (aws/dynamodb).
  server_side_encryption {
    enabled     = true
    kms_key_arn = each.value.customer_managed_key ? aws_kms_key.form_submissions.arn : null
  }

  tags = var.tags
}
