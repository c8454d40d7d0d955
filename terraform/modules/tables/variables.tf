variable "daily_aggregates_table_name" {
  description = "Name of the seed's daily aggregates table (legacy tier 2, pk TENANT#<id> / sk DATE#… or FORMS#…)"
  type        = string
}

variable "dashboard_cache_table_name" {
  description = "Name of the dashboard cache table (pk TENANT#<id> / sk METRIC#<type>#<range>, 24 h TTL)"
  type        = string
}

variable "form_submissions_table_name" {
  description = "Name of the form submissions table (PII, customer-managed KMS key)"
  type        = string
}

variable "conversations_table_name" {
  description = "Name of the conversations (session history) table"
  type        = string
}

variable "audit_table_name" {
  description = "Name of the audit trail table"
  type        = string
}

variable "token_blacklist_table_name" {
  description = "Name of the revoked JWT table (TTL = the token's exp)"
  type        = string
}

variable "rollups_table_name" {
  description = "Name of the hourly rollups table the aggregator merges range metrics from"
  type        = string
}

variable "dirty_partitions_table_name" {
  description = "Name of the dirty (tenant, UTC day) marks table the processor writes and the aggregator drains"
  type        = string
}

variable "point_in_time_recovery_enabled" {
  description = "Whether tables holding data that cannot be rebuilt from the lake (submissions, audit, conversations, token blacklist) have point-in-time recovery"
  type        = bool
  default     = true
}

variable "deletion_protection_enabled" {
  description = "Whether the tables refuse to be deleted (turn off only to tear down a throw-away environment)"
  type        = bool
  default     = true
}

variable "kms_key_deletion_window_in_days" {
  description = "Waiting period before the form submissions KMS key is deleted after it is scheduled for deletion"
  type        = number
  default     = 30

  validation {
    condition     = var.kms_key_deletion_window_in_days >= 7 && var.kms_key_deletion_window_in_days <= 30
    error_message = "kms_key_deletion_window_in_days must be between 7 and 30."
  }
}

variable "tags" {
  description = "Tags for every resource of the module"
  type        = map(string)
  default     = {}
}
