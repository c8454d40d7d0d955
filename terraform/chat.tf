# The chat path: the master function (widget config, session tokens, widget events, form
# submissions) and the Bedrock streaming handler (one chat turn per request, streamed as SSE).
# They meet only through SQS, S3 and DynamoDB; the widget calls both (docs/decisions.md).

variable "chat_jwt_audience" {
  description = "`aud` of chat session tokens (the master function signs them; both chat functions verify them)"
  type        = string
  default     = "picasso-chat"
}

variable "chat_allowed_origins" {
  description = "Browser origins allowed to call the streaming Function URL (the master function checks each tenant's own list)"
  type        = list(string)
  default     = []
}

variable "bedrock_model_id" {
  description = "The Bedrock foundation model the streaming handler may invoke (its default; IAM allows this model only)"
  type        = string
  default     = "anthropic.claude-3-haiku-20240307-v1:0"
}

variable "chat_knowledge_base_ids" {
  description = "Bedrock Knowledge Base ids of the tenants (IAM allows Retrieve on these only)"
  type        = list(string)
  default     = []
}

locals {
  bedrock_model_arn       = "arn:${data.aws_partition.current.partition}:bedrock:${data.aws_region.current.region}::foundation-model/${var.bedrock_model_id}"
  knowledge_base_arns     = [for id in var.chat_knowledge_base_ids : "arn:${data.aws_partition.current.partition}:bedrock:${data.aws_region.current.region}:${data.aws_caller_identity.current.account_id}:knowledge-base/${id}"]
  streaming_log_retention = 7 # the handler's QA_COMPLETE lines are the legacy path's Tier 1 source; the seed keeps 7 days

  # Both producers: the events queue, and the lake's spill/ prefix for what SQS would not take.
  publish_events = {
    send_events = {
      actions   = ["sqs:SendMessage"]
      resources = [module.events_queue.queue_arn]
    }
    spill_events = {
      actions   = ["s3:PutObject"]
      resources = ["${local.lake_arn}/spill/*"]
    }
  }

  verify_chat_tokens = {
    check_token_blacklist = {
      actions   = ["dynamodb:GetItem"]
      resources = [local.table_arns["token_blacklist"]]
    }
    read_jwt_secret = {
      actions   = ["ssm:GetParameter"]
      resources = [local.ssm_jwt_arn]
    }
  }

  master_function_statements = {
    revoke_tokens = {
      actions   = ["dynamodb:PutItem"]
      resources = [local.table_arns["token_blacklist"]]
    }
    write_audit_trail = {
      actions   = ["dynamodb:PutItem"]
      resources = [local.table_arns["audit"]]
    }
    write_form_submissions = {
      actions   = ["dynamodb:PutItem"]
      resources = [local.table_arns["form_submissions"]]
    }
    encrypt_form_submissions = {
      actions   = ["kms:Decrypt"]
      resources = [module.tables.form_submissions_kms_key_arn]
    }
    count_session_requests = {
      actions   = ["dynamodb:UpdateItem"]
      resources = [local.table_arns["conversations"]]
    }
  }

  streaming_handler_statements = {
    # ConverseStream is authorised as InvokeModelWithResponseStream; the handler makes no other model call.
    invoke_model = {
      actions   = ["bedrock:InvokeModelWithResponseStream"]
      resources = [local.bedrock_model_arn]
    }
    retrieve_from_knowledge_bases = {
      actions   = ["bedrock:Retrieve"]
      resources = length(local.knowledge_base_arns) > 0 ? local.knowledge_base_arns : ["arn:${data.aws_partition.current.partition}:bedrock:${data.aws_region.current.region}:${data.aws_caller_identity.current.account_id}:knowledge-base/none"]
    }
    update_session_items = {
      actions   = ["dynamodb:UpdateItem"]
      resources = [local.table_arns["conversations"]]
    }
  }
}

module "bedrock_streaming_handler" {
  source = "./modules/lambda-service"

  function_name         = local.names.functions["bedrock-streaming-handler"]
  description           = "Chat turns: Knowledge Base retrieval and Bedrock ConverseStream streamed as Server-Sent Events"
  source_zip_path       = "${local.dist_dir}/bedrock-streaming-handler.zip"
  timeout               = 60
  memory_size           = 512
  log_retention_in_days = local.streaming_log_retention

  environment_variables = {
    CONFIG_BUCKET         = module.data_lake.config_bucket_name
    EVENTS_QUEUE_URL      = module.events_queue.queue_url
    LAKE_BUCKET           = module.data_lake.lake_bucket_name
    CONVERSATIONS_TABLE   = module.tables.table_names["conversations"]
    TOKEN_BLACKLIST_TABLE = module.tables.table_names["token_blacklist"]
    JWT_ISSUER            = var.jwt_issuer
    JWT_AUDIENCE          = var.chat_jwt_audience
    JWT_SECRET_PARAMETER  = var.jwt_secret_parameter_name
    DEFAULT_MODEL_ID      = var.bedrock_model_id
    ENVIRONMENT_NAME      = local.environment
  }

  policy_statements = merge(local.read_tenant_configs, local.publish_events, local.verify_chat_tokens, local.streaming_handler_statements)

  function_url_enabled              = true
  function_url_invoke_mode          = "RESPONSE_STREAM"
  function_url_cors_allowed_origins = var.chat_allowed_origins
  function_url_cors_allowed_methods = ["POST"]

  alarm_actions = var.alarm_actions
}

module "master_function" {
  source = "./modules/lambda-service"

  function_name         = local.names.functions["master-function"]
  description           = "Chat widget entry: public config, session tokens, revocation, widget events, form submissions"
  source_zip_path       = "${local.dist_dir}/master-function.zip"
  timeout               = 15
  memory_size           = 512
  log_retention_in_days = var.log_retention_in_days

  environment_variables = {
    CONFIG_BUCKET          = module.data_lake.config_bucket_name
    EVENTS_QUEUE_URL       = module.events_queue.queue_url
    LAKE_BUCKET            = module.data_lake.lake_bucket_name
    FORM_SUBMISSIONS_TABLE = module.tables.table_names["form_submissions"]
    AUDIT_TABLE            = module.tables.table_names["audit"]
    TOKEN_BLACKLIST_TABLE  = module.tables.table_names["token_blacklist"]
    RATE_LIMIT_TABLE       = module.tables.table_names["conversations"]
    STREAMING_URL          = module.bedrock_streaming_handler.function_url
    JWT_ISSUER             = var.jwt_issuer
    JWT_AUDIENCE           = var.chat_jwt_audience
    JWT_SECRET_PARAMETER   = var.jwt_secret_parameter_name
    ENVIRONMENT_NAME       = local.environment
  }

  policy_statements = merge(local.read_tenant_configs, local.publish_events, local.verify_chat_tokens, local.master_function_statements)

  # CORS is per tenant (each config lists its widget's origins), so the function answers it.
  function_url_enabled      = true
  function_url_cors_enabled = false

  alarm_actions = var.alarm_actions
}

# A producer spilled events to S3 instead of SQS: they reach the lake only after a replay.
resource "aws_cloudwatch_metric_alarm" "master_function_events_spilled" {
  alarm_name          = "${local.names.functions["master-function"]}-events-spilled"
  alarm_description   = "master-function spilled events to s3://${local.names.lake_bucket}/spill/master-function/ (docs/runbook.md, Spilled events)."
  namespace           = "PicassoAnalytics"
  metric_name         = "EventsSpilled"
  dimensions          = { service = "master-function" }
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = 0
  treat_missing_data  = "notBreaching"
  alarm_actions       = var.alarm_actions
  ok_actions          = var.alarm_actions
}

resource "aws_cloudwatch_metric_alarm" "streaming_handler_events_spilled" {
  alarm_name          = "${local.names.functions["bedrock-streaming-handler"]}-events-spilled"
  alarm_description   = "bedrock-streaming-handler spilled events to s3://${local.names.lake_bucket}/spill/bedrock-streaming-handler/ (docs/runbook.md, Spilled events)."
  namespace           = "PicassoAnalytics"
  metric_name         = "EventsSpilled"
  dimensions          = { service = "bedrock-streaming-handler" }
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = 0
  treat_missing_data  = "notBreaching"
  alarm_actions       = var.alarm_actions
  ok_actions          = var.alarm_actions
}

# Bedrock throttling or model errors: visitors are reading an apology instead of an answer.
resource "aws_cloudwatch_metric_alarm" "model_failures" {
  alarm_name          = "${local.names.functions["bedrock-streaming-handler"]}-model-failures"
  alarm_description   = "Chat turns ended with an SSE error (throttling, model error, timeout) (docs/runbook.md, Chat model failures)."
  namespace           = "PicassoAnalytics"
  metric_name         = "ModelFailures"
  dimensions          = { service = "bedrock-streaming-handler" }
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 2
  comparison_operator = "GreaterThanThreshold"
  threshold           = 5
  treat_missing_data  = "notBreaching"
  alarm_actions       = var.alarm_actions
  ok_actions          = var.alarm_actions
}

output "master_function_url" {
  description = "Public URL of the master function (the widget's GET /config, POST /session, /events, /form_submission)"
  value       = module.master_function.function_url
}

output "streaming_function_url" {
  description = "Public URL of the streaming handler (POST a chat turn with the session token; Server-Sent Events back)"
  value       = module.bedrock_streaming_handler.function_url
}
