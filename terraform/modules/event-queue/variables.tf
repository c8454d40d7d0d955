variable "name" {
  description = "Name of the queue (from the naming module: <env>-picasso-analytics-events)"
  type        = string
}

variable "dead_letter_queue_name" {
  description = "Name of the dead-letter queue (from the naming module: <env>-picasso-analytics-events-dlq)"
  type        = string
}

variable "consumer_timeout_seconds" {
  description = "Timeout of the Lambda function that consumes the queue; the visibility timeout is derived from it"
  type        = number

  validation {
    condition     = var.consumer_timeout_seconds >= 1 && var.consumer_timeout_seconds <= 900
    error_message = "consumer_timeout_seconds must be a Lambda timeout (1-900 seconds)."
  }
}

variable "consumer_batching_window_seconds" {
  description = "The consumer's event source batching window; added to the derived visibility timeout"
  type        = number
  default     = 0
}

variable "visibility_timeout_seconds" {
  description = "Visibility timeout; null derives 6 x consumer_timeout_seconds + consumer_batching_window_seconds, the minimum AWS recommends for an SQS event source (https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html)"
  type        = number
  default     = null
}

variable "max_receive_count" {
  description = "Receives before SQS moves a message to the dead-letter queue"
  type        = number
  default     = 5

  validation {
    condition     = var.max_receive_count >= 5
    error_message = "max_receive_count must be at least 5 so throttling and partial-batch retries do not send good messages to the DLQ."
  }
}

variable "message_retention_seconds" {
  description = "How long the source queue keeps a message"
  type        = number
  default     = 345600
}

variable "dead_letter_message_retention_seconds" {
  description = "How long the dead-letter queue keeps a message (SQS maximum: 14 days), so on-call has time to redrive"
  type        = number
  default     = 1209600

  validation {
    condition     = var.dead_letter_message_retention_seconds >= 60 && var.dead_letter_message_retention_seconds <= 1209600
    error_message = "dead_letter_message_retention_seconds must be between 60 and 1209600."
  }
}

variable "receive_wait_time_seconds" {
  description = "Long-polling wait of ReceiveMessage"
  type        = number
  default     = 20
}

variable "kms_master_key_id" {
  description = "KMS key for SSE-KMS; null uses SQS-managed encryption (SSE-SQS), which producers can use without KMS permissions"
  type        = string
  default     = null
}

variable "alarms_enabled" {
  description = "Whether to create the CloudWatch alarms on the DLQ depth and the age of the oldest messages"
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

variable "dead_letter_queue_depth_alarm_threshold" {
  description = "The DLQ alarm fires when more than this many messages are visible in the DLQ"
  type        = number
  default     = 0
}

variable "oldest_message_age_alarm_threshold_seconds" {
  description = "The backlog alarm fires when the oldest message of the source queue is older than this (the consumer is stuck or too slow)"
  type        = number
  default     = 900
}

variable "dead_letter_oldest_message_age_alarm_threshold_seconds" {
  description = "The expiry alarm fires when the oldest DLQ message is older than this: redrive before the DLQ retention deletes it"
  type        = number
  default     = 864000
}

variable "tags" {
  description = "Tags for every resource of the module"
  type        = map(string)
  default     = {}
}
