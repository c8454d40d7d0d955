variable "name" {
  description = "Name of the EventBridge rule (from the naming module: <env>-picasso-analytics-aggregator-hourly)"
  type        = string
}

variable "description" {
  description = "What the schedule triggers"
  type        = string
  default     = ""
}

variable "schedule_expression" {
  description = "When the rule fires (EventBridge cron or rate expression, UTC)"
  type        = string
  default     = "rate(5 minutes)"

  validation {
    condition     = can(regex("^(cron|rate)\\(.+\\)$", var.schedule_expression))
    error_message = "schedule_expression must be a cron(...) or rate(...) expression."
  }
}

variable "schedule_enabled" {
  description = "Whether the rule fires (false pauses the schedule without deleting it)"
  type        = bool
  default     = true
}

variable "function_name" {
  description = "Name of the Lambda function the rule invokes"
  type        = string
}

variable "function_arn" {
  description = "ARN of the Lambda function the rule invokes"
  type        = string
}

variable "input" {
  description = "JSON passed to the function instead of the scheduled event; null passes the event"
  type        = string
  default     = null
}

variable "maximum_retry_attempts" {
  description = "Times EventBridge retries a failed asynchronous delivery of one firing"
  type        = number
  default     = 2
}

variable "maximum_event_age_in_seconds" {
  description = "Age after which EventBridge stops retrying one firing (the next firing catches up)"
  type        = number
  default     = 3600
}

variable "alarm_actions" {
  description = "ARNs (SNS topics) notified when the failed-invocations alarm fires or recovers; required, so the alarm is never unrouted"
  type        = list(string)

  validation {
    condition     = length(var.alarm_actions) > 0
    error_message = "alarm_actions must name at least one SNS topic: an alarm nobody receives is no alarm."
  }
}

variable "tags" {
  description = "Tags for every resource of the module"
  type        = map(string)
  default     = {}
}
