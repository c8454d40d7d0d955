# What each function may do: exact actions on named resources (docs/architecture.md, "Security"), the calls its
# adapters make and nothing more. The lambda-service module adds its own log group and, for the
# processor, the trigger queue. Each function's policy_statements merges these literal sets, so
# tools/infra-checks can compare their actions with the SDK calls in the function's bundle.

locals {
  lake_arn    = module.data_lake.lake_bucket_arn
  config_arn  = module.data_lake.config_bucket_arn
  table_arns  = module.tables.table_arns
  ssm_jwt_arn = "arn:${data.aws_partition.current.partition}:ssm:${data.aws_region.current.region}:${data.aws_caller_identity.current.account_id}:parameter${var.jwt_secret_parameter_name}"

  # Reading a missing key answers AccessDenied instead of NoSuchKey without s3:ListBucket, and
  # the readers must tell "unknown tenant" (quarantine, defaults) from a failure (retry).
  read_tenant_mappings = {
    read_tenant_mappings = {
      actions   = ["s3:GetObject"]
      resources = ["${local.config_arn}/mappings/*"]
    }
    list_tenant_configs = {
      actions   = ["s3:ListBucket"]
      resources = [local.config_arn]
    }
  }

  read_tenant_configs = {
    read_tenant_configs = {
      actions   = ["s3:GetObject"]
      resources = ["${local.config_arn}/mappings/*", "${local.config_arn}/tenants/*"]
    }
    list_tenant_configs = {
      actions   = ["s3:ListBucket"]
      resources = [local.config_arn]
    }
  }

  # Athena runs queries with the caller's credentials: the workgroup, the catalog entries, the
  # lake objects it scans and the results it writes.
  athena_queries = {
    run_athena_queries = {
      actions   = ["athena:StartQueryExecution", "athena:GetQueryExecution", "athena:GetQueryResults", "athena:StopQueryExecution"]
      resources = [module.data_lake.athena_workgroup_arn]
    }
    read_glue_catalog = {
      actions   = ["glue:GetDatabase", "glue:GetTable", "glue:GetPartitions"]
      resources = [module.data_lake.glue_catalog_arn, module.data_lake.glue_database_arn, module.data_lake.glue_table_arn]
    }
    scan_lake = {
      actions   = ["s3:GetObject"]
      resources = ["${local.lake_arn}/${module.data_lake.lake_prefix}*"]
    }
    list_lake = {
      actions   = ["s3:ListBucket", "s3:GetBucketLocation"]
      resources = [local.lake_arn]
    }
    write_athena_results = {
      actions   = ["s3:GetObject", "s3:PutObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"]
      resources = ["${local.lake_arn}/${module.data_lake.athena_results_prefix}*"]
    }
  }

  processor_statements = {
    write_lake_objects = {
      actions   = ["s3:PutObject"]
      resources = ["${local.lake_arn}/${module.data_lake.lake_prefix}*", "${local.lake_arn}/${module.data_lake.quarantine_prefix}*"]
    }
    mark_dirty_partitions = {
      actions   = ["dynamodb:UpdateItem"]
      resources = [local.table_arns["dirty_partitions"]]
    }
  }

  aggregator_statements = {
    drain_dirty_partitions = {
      actions   = ["dynamodb:Scan", "dynamodb:DeleteItem"]
      resources = [local.table_arns["dirty_partitions"]]
    }
    write_rollups = {
      actions   = ["dynamodb:Query", "dynamodb:BatchWriteItem"]
      resources = [local.table_arns["rollups"]]
    }
    write_dashboard_cache = {
      actions   = ["dynamodb:GetItem", "dynamodb:Scan", "dynamodb:BatchWriteItem"]
      resources = [local.table_arns["dashboard_cache"]]
    }
  }

  dashboard_api_statements = {
    read_dashboard_cache = {
      actions   = ["dynamodb:GetItem"]
      resources = [local.table_arns["dashboard_cache"]]
    }
    read_rollups = {
      actions   = ["dynamodb:Query"]
      resources = [local.table_arns["rollups"]]
    }
    # Per-tenant cold-path slots: lease items beside the cache items, taken and given back conditionally.
    cold_path_slots = {
      actions   = ["dynamodb:PutItem", "dynamodb:DeleteItem"]
      resources = [local.table_arns["dashboard_cache"]]
    }
    read_form_submissions = {
      actions   = ["dynamodb:Query"]
      resources = [module.tables.form_submissions_index_arn]
    }
    decrypt_form_submissions = {
      actions   = ["kms:Decrypt"]
      resources = [module.tables.form_submissions_kms_key_arn]
    }
    write_audit_trail = {
      actions   = ["dynamodb:PutItem"]
      resources = [local.table_arns["audit"]]
    }
    check_token_blacklist = {
      actions   = ["dynamodb:GetItem"]
      resources = [local.table_arns["token_blacklist"]]
    }
    read_jwt_secret = {
      actions   = ["ssm:GetParameter"]
      resources = [local.ssm_jwt_arn]
    }
  }
}
