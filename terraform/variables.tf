variable "environment" {
  description = "Environment of the tfvars file; must equal the selected workspace, which names every resource"
  type        = string
}

variable "aws_region" {
  description = "AWS region of every resource"
  type        = string
  default     = "us-east-1"
}

variable "alarm_actions" {
  description = "Further ARNs notified by every alarm, besides the environment's own topic (notifications.tf), e.g. an organisation-wide on-call topic"
  type        = list(string)
  default     = []
}

variable "alarm_subscriptions" {
  description = "Who the environment's alarm topic notifies: protocol \"email\" (an address, confirmed by its owner) or \"https\" (a chat webhook URL)"
  type = list(object({
    protocol = string
    endpoint = string
  }))

  validation {
    condition     = length(var.alarm_subscriptions) > 0 && alltrue([for s in var.alarm_subscriptions : contains(["email", "https"], s.protocol)])
    error_message = "alarm_subscriptions must list at least one subscription, each with protocol \"email\" or \"https\"."
  }

  validation {
    condition     = alltrue([for s in var.alarm_subscriptions : s.protocol != "https" || startswith(s.endpoint, "https://")])
    error_message = "An https subscription's endpoint must be an https:// URL."
  }
}

variable "log_retention_in_days" {
  description = "Retention of every function's log group"
  type        = number
  default     = 30
}

variable "dashboard_allowed_origins" {
  description = "Origins of the React dashboard allowed to call the dashboard API from a browser"
  type        = list(string)

  validation {
    condition     = length(var.dashboard_allowed_origins) > 0
    error_message = "dashboard_allowed_origins must list at least one origin."
  }
}

variable "analytics_function_reserved_concurrency" {
  description = "Concurrent executions reserved for (and capping) the legacy analytics function, whose Function URL is public: a flood is throttled (429) here instead of taking the account's concurrency; each request also starts up to three Logs Insights queries, whose account quota is small"
  type        = number
  default     = 10

  validation {
    condition     = var.analytics_function_reserved_concurrency >= 1 && floor(var.analytics_function_reserved_concurrency) == var.analytics_function_reserved_concurrency
    error_message = "analytics_function_reserved_concurrency must be a whole number of at least 1 (0 would disable the legacy API)."
  }
}

variable "dashboard_api_reserved_concurrency" {
  description = "Concurrent executions reserved for (and capping) the dashboard API, whose Function URL is public: a flood of requests is throttled (429) at this many instead of taking the account's whole concurrency from the pipeline"
  type        = number
  default     = 20

  validation {
    condition     = var.dashboard_api_reserved_concurrency >= 1 && floor(var.dashboard_api_reserved_concurrency) == var.dashboard_api_reserved_concurrency
    error_message = "dashboard_api_reserved_concurrency must be a whole number of at least 1 (0 would disable the API; -1, unreserved, is what it replaces)."
  }
}

variable "chat_reserved_concurrency" {
  description = "Concurrent executions reserved for (and capping) each public chat function (master function and streaming handler): visitors' chats are throttled at this many instead of starving the pipeline, and Bedrock spend is bounded"
  type        = number
  default     = 20

  validation {
    condition     = var.chat_reserved_concurrency >= 1 && floor(var.chat_reserved_concurrency) == var.chat_reserved_concurrency
    error_message = "chat_reserved_concurrency must be a whole number of at least 1 (0 would disable the chat)."
  }
}

variable "jwt_issuer" {
  description = "Expected `iss` claim of dashboard tokens"
  type        = string
}

variable "jwt_audience" {
  description = "Expected `aud` claim of dashboard tokens"
  type        = string
}

variable "jwt_secret_parameter_name" {
  description = "SSM Parameter Store name of the HS256 signing secret (a SecureString created outside Terraform so the secret never enters the state)"
  type        = string

  validation {
    condition     = startswith(var.jwt_secret_parameter_name, "/")
    error_message = "jwt_secret_parameter_name must be a hierarchical parameter name starting with '/'."
  }
}

variable "athena_bytes_scanned_cutoff_per_query" {
  description = "Athena cancels any query of the pipeline's workgroup that scans more bytes than this"
  type        = number
  default     = 10737418240
}

variable "processor_batch_size" {
  description = "Events per processor invocation. The processor writes one lake object per (tenant, day) per batch, so fuller batches mean fewer, larger objects (make bench: 10,000 gives 0.59% of the seed's object count, 1,000 gives 1.97%)"
  type        = number
  default     = 10000
}

variable "processor_batching_window_seconds" {
  description = "Seconds the SQS event source gathers a batch; the aggregator runs hourly, so tens of seconds cost nothing"
  type        = number
  default     = 30
}

variable "processor_maximum_concurrency" {
  description = "Most concurrent event processor invocations the SQS event source starts"
  type        = number
  default     = 10
}

variable "aggregator_schedule_expression" {
  description = "When the aggregator runs. Every 5 minutes by default: one small Athena query per dirty tenant per run, none when nothing changed (README.md, Freshness)"
  type        = string
  default     = "rate(5 minutes)"

  validation {
    condition     = can(regex("^(rate\\((1 minute|[0-9]+ (minutes|hours))\\)|cron\\(.+\\))$", var.aggregator_schedule_expression))
    error_message = "aggregator_schedule_expression must be rate(N minutes), rate(N hours) or cron(...)."
  }
}

variable "aggregator_cache_age_alarm_threshold_seconds" {
  description = "The cache-age alarm fires when the oldest tenant cache is older than this after a run (the aggregator recomputes a clean tenant's cache every 12 hours, so the default leaves one hour of slack)"
  type        = number
  default     = 46800
}

variable "quarantine_alarm_threshold" {
  description = "The quarantine alarm fires when the processor quarantines more events than this in an hour"
  type        = number
  default     = 100
}

variable "deletion_protection_enabled" {
  description = "Whether DynamoDB tables refuse deletion and buckets refuse to be destroyed while not empty"
  type        = bool
  default     = true
}

variable "tags" {
  description = "Tags added to every resource (besides Project, Environment and ManagedBy)"
  type        = map(string)
  default     = {}
}

variable "artifacts_bucket" {
  description = "Bucket CI uploads the versioned function zips to (artifacts/<service>/<version>.zip); null deploys the local dist/ zips"
  type        = string
  default     = null
}

variable "artifacts" {
  description = "Per service folder, the artifact CI built and uploaded: key, S3 object version and base64 SHA-256 of the zip. The deploy workflow passes it; a service missing here deploys dist/<service>.zip"
  type = map(object({
    s3_key            = string
    s3_object_version = optional(string)
    sha256            = string
  }))
  default = {}

  validation {
    condition     = length(var.artifacts) == 0 || var.artifacts_bucket != null
    error_message = "artifacts needs artifacts_bucket."
  }
}

variable "adopt_legacy_daily_aggregates_table" {
  description = "Import the existing <env>-picasso-analytics-daily table (the seed's live table) instead of creating it: true in a workspace whose account already has it"
  type        = bool
  default     = false
}
