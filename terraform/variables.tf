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
  description = "ARNs (SNS topics) notified by every alarm (DLQ depth, message age, Lambda errors and throttles)"
  type        = list(string)
  default     = []
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

variable "dashboard_api_reserved_concurrency" {
  description = "Concurrent executions reserved for (and capping) the dashboard API, whose Function URL is public: a flood of requests is throttled (429) at this many instead of taking the account's whole concurrency from the pipeline"
  type        = number
  default     = 20

  validation {
    condition     = var.dashboard_api_reserved_concurrency >= 1 && floor(var.dashboard_api_reserved_concurrency) == var.dashboard_api_reserved_concurrency
    error_message = "dashboard_api_reserved_concurrency must be a whole number of at least 1 (0 would disable the API; -1, unreserved, is what it replaces)."
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
  description = "When the aggregator runs (the seed's hourly cron by default)"
  type        = string
  default     = "cron(0 * * * ? *)"
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
