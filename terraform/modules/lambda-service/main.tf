resource "aws_cloudwatch_log_group" "this" {
  name              = "/aws/lambda/${var.function_name}"
  retention_in_days = var.log_retention_in_days

  tags = var.tags
}

resource "aws_lambda_function" "this" {
  function_name                  = var.function_name
  description                    = var.description
  role                           = aws_iam_role.this.arn
  # Either the versioned artifact CI uploaded (s3_bucket/s3_key/s3_object_version) or a local zip.
  filename                       = var.artifact_s3_key == null ? var.source_zip_path : null
  source_code_hash               = var.artifact_s3_key == null ? filebase64sha256(var.source_zip_path) : var.artifact_sha256
  s3_bucket                      = var.artifact_s3_key == null ? null : var.artifact_s3_bucket
  s3_key                         = var.artifact_s3_key
  s3_object_version              = var.artifact_s3_key == null ? null : var.artifact_s3_object_version
  handler                        = var.handler
  runtime                        = var.runtime
  architectures                  = var.architectures
  memory_size                    = var.memory_size
  timeout                        = var.timeout
  reserved_concurrent_executions = var.reserved_concurrent_executions

  environment {
    variables = var.environment_variables
  }

  logging_config {
    log_format = "Text"
    log_group  = aws_cloudwatch_log_group.this.name
  }

  # The role's policy must exist before the first invocation (the event source mapping starts polling at once).
  depends_on = [aws_iam_role_policy.this, aws_cloudwatch_log_group.this]

  tags = var.tags
}

resource "aws_lambda_event_source_mapping" "sqs" {
  count = var.sqs_event_source_enabled ? 1 : 0

  event_source_arn                   = var.sqs_queue_arn
  function_name                      = aws_lambda_function.this.arn
  batch_size                         = var.sqs_batch_size
  maximum_batching_window_in_seconds = var.sqs_maximum_batching_window_in_seconds
  # The handler reports failed records only, so one bad record does not retry the whole batch
  # (https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html).
  function_response_types = ["ReportBatchItemFailures"]

  scaling_config {
    maximum_concurrency = var.sqs_maximum_concurrency
  }

  lifecycle {
    precondition {
      condition     = var.sqs_queue_arn != null
      error_message = "sqs_queue_arn is required when sqs_event_source_enabled."
    }
  }

  tags = var.tags
}

resource "aws_lambda_function_url" "this" {
  count = var.function_url_enabled ? 1 : 0

  function_name      = aws_lambda_function.this.function_name
  authorization_type = "NONE"
  invoke_mode        = var.function_url_invoke_mode

  # Without a cors block, preflight requests reach the function (which may answer per tenant).
  dynamic "cors" {
    for_each = var.function_url_cors_enabled ? [1] : []
    content {
      allow_origins = var.function_url_cors_allowed_origins
      allow_methods = var.function_url_cors_allowed_methods
      allow_headers = ["authorization", "content-type"]
      max_age       = 3600
    }
  }
}

# A public URL (the function verifies the JWT itself, as the seed's dashboard API does). Since
# October 2025 a new function URL needs both statements: InvokeFunctionUrl for auth type NONE and
# InvokeFunction restricted to calls through the URL (https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html).
# The statement ids are our own, never FunctionURLAllowPublicAccess / FunctionURLAllowInvokeAction:
# aws_lambda_function_url (auth NONE) adds FunctionURLAllowPublicAccess itself, the console both,
# and AddPermission with an id that already exists fails the first apply (ResourceConflictException).
# depends_on orders them after the URL, so whatever the URL's creation adds exists first
# (terraform/README.md, Function URL permissions; tools/infra-checks refuses the reserved ids).
resource "aws_lambda_permission" "function_url" {
  count = var.function_url_enabled ? 1 : 0

  statement_id           = "PicassoFunctionUrlPublicAccess"
  action                 = "lambda:InvokeFunctionUrl"
  function_name          = aws_lambda_function.this.function_name
  principal              = "*"
  function_url_auth_type = "NONE"

  depends_on = [aws_lambda_function_url.this]
}

resource "aws_lambda_permission" "function_url_invoke" {
  count = var.function_url_enabled ? 1 : 0

  statement_id             = "PicassoFunctionUrlInvokeViaUrl"
  action                   = "lambda:InvokeFunction"
  function_name            = aws_lambda_function.this.function_name
  principal                = "*"
  invoked_via_function_url = true

  depends_on = [aws_lambda_function_url.this]
}
