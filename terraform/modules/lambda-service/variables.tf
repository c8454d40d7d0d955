variable "function_name" {
  description = "Name of the function (from the naming module: <env>-<service folder>)"
  type        = string
}

variable "description" {
  description = "What the function does"
  type        = string
  default     = ""
}

variable "source_zip_path" {
  description = "Path of the zip that `make build-<service>` writes (dist/<service>.zip); deployed when artifact_s3_key is null (a laptop apply)"
  type        = string
}

variable "artifact_s3_bucket" {
  description = "Bucket of the versioned artifact CI uploaded; used with artifact_s3_key"
  type        = string
  default     = null
}

variable "artifact_s3_key" {
  description = "Key of the artifact CI uploaded (artifacts/<service>/<version>.zip); when set, the function deploys it instead of source_zip_path"
  type        = string
  default     = null
}

variable "artifact_s3_object_version" {
  description = "S3 object version of the artifact (the artifacts bucket is versioned); null deploys the key's latest version"
  type        = string
  default     = null
}

variable "artifact_sha256" {
  description = "Base64 SHA-256 of the artifact zip (what filebase64sha256 gives), so a new artifact under the same key still redeploys"
  type        = string
  default     = null

  validation {
    condition     = var.artifact_s3_key == null || var.artifact_sha256 != null
    error_message = "artifact_sha256 is required with artifact_s3_key."
  }
}

variable "handler" {
  description = "Entry point inside the zip"
  type        = string
  default     = "index.handler"
}

variable "runtime" {
  description = "Lambda runtime (the repo pins Node 22)"
  type        = string
  default     = "nodejs22.x"
}

variable "architectures" {
  description = "Instruction set of the function"
  type        = list(string)
  default     = ["arm64"]
}

variable "memory_size" {
  description = "Memory in MB (CPU scales with it)"
  type        = number
  default     = 512
}

variable "timeout" {
  description = "Timeout in seconds"
  type        = number
  default     = 30

  validation {
    condition     = var.timeout >= 1 && var.timeout <= 900
    error_message = "timeout must be between 1 and 900 seconds."
  }
}

variable "reserved_concurrent_executions" {
  description = "Concurrency reserved for the function; -1 leaves it unreserved"
  type        = number
  default     = -1
}

variable "environment_variables" {
  description = "Environment variables; must be the ones the service's src/config.ts spec declares (tools/infra-checks compares them)"
  type        = map(string)
  default     = {}
}

variable "policy_statements" {
  description = "Extra IAM statements of the function's role, by name: exact actions (no wildcards) on scoped resources"
  type = map(object({
    actions   = list(string)
    resources = list(string)
  }))
  default = {}

  validation {
    condition     = alltrue([for s in values(var.policy_statements) : alltrue([for a in s.actions : !strcontains(a, "*")])])
    error_message = "policy_statements must list exact actions: no '*' in any action."
  }

  validation {
    condition     = alltrue([for s in values(var.policy_statements) : length(s.resources) > 0 && !contains(s.resources, "*")])
    error_message = "policy_statements must scope every statement to named resources, never '*'."
  }
}

variable "log_retention_in_days" {
  description = "Retention of the function's log group"
  type        = number
  default     = 30
}

variable "sqs_event_source_enabled" {
  description = "Whether an SQS queue triggers the function (event source mapping with partial batch failures)"
  type        = bool
  default     = false
}

variable "sqs_queue_arn" {
  description = "ARN of the queue that triggers the function when sqs_event_source_enabled"
  type        = string
  default     = null
}

variable "sqs_batch_size" {
  description = "Records per invocation of the SQS event source (1-10000; above 10 needs a batching window; Lambda also caps a batch at 6 MB)"
  type        = number
  default     = 10

  validation {
    condition     = var.sqs_batch_size >= 1 && var.sqs_batch_size <= 10000
    error_message = "sqs_batch_size must be between 1 and 10000."
  }
}

variable "sqs_maximum_batching_window_in_seconds" {
  description = "Seconds the SQS event source waits to fill a batch (0-300)"
  type        = number
  default     = 5

  validation {
    condition     = var.sqs_maximum_batching_window_in_seconds >= 0 && var.sqs_maximum_batching_window_in_seconds <= 300
    error_message = "sqs_maximum_batching_window_in_seconds must be between 0 and 300."
  }
}

variable "sqs_maximum_concurrency" {
  description = "Most concurrent invocations the SQS event source starts (2-1000); caps the load on downstream stores"
  type        = number
  default     = 10

  validation {
    condition     = var.sqs_maximum_concurrency >= 2 && var.sqs_maximum_concurrency <= 1000
    error_message = "sqs_maximum_concurrency must be between 2 and 1000."
  }
}

variable "function_url_enabled" {
  description = "Whether the function has a Function URL (authentication is the JWT the function verifies)"
  type        = bool
  default     = false
}

variable "function_url_invoke_mode" {
  description = "BUFFERED, or RESPONSE_STREAM for a handler wrapped in awslambda.streamifyResponse"
  type        = string
  default     = "BUFFERED"

  validation {
    condition     = contains(["BUFFERED", "RESPONSE_STREAM"], var.function_url_invoke_mode)
    error_message = "function_url_invoke_mode must be BUFFERED or RESPONSE_STREAM."
  }
}

variable "function_url_cors_enabled" {
  description = "Whether the Function URL answers CORS itself; false lets the function do it (e.g. per-tenant origins)"
  type        = bool
  default     = true
}

variable "function_url_cors_allowed_origins" {
  description = "Origins allowed to call the Function URL from a browser"
  type        = list(string)
  default     = []
}

variable "function_url_cors_allowed_methods" {
  description = "HTTP methods allowed on the Function URL from a browser"
  type        = list(string)
  default     = ["GET"]
}

variable "alarms_enabled" {
  description = "Whether to create the CloudWatch alarms on errors and throttles"
  type        = bool
  default     = true
}

variable "alarm_actions" {
  description = "ARNs (SNS topics) notified when an alarm fires or recovers; required, so no alarm of the module goes unrouted"
  type        = list(string)

  validation {
    condition     = length(var.alarm_actions) > 0
    error_message = "alarm_actions must name at least one SNS topic: an alarm nobody receives is no alarm."
  }
}

variable "errors_alarm_threshold" {
  description = "The errors alarm fires when the function fails more than this many times in 5 minutes"
  type        = number
  default     = 0
}

variable "throttles_alarm_threshold" {
  description = "The throttles alarm fires when the function is throttled more than this many times in 5 minutes"
  type        = number
  default     = 0
}

variable "tags" {
  description = "Tags for every resource of the module"
  type        = map(string)
  default     = {}
}
