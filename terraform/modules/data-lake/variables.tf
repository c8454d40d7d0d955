variable "lake_bucket_name" {
  description = "Name of the lake bucket: raw events under analytics/, quarantined records under quarantine/, Athena results under athena-results/"
  type        = string
}

variable "archive_bucket_name" {
  description = "Name of the archive bucket: gzip daily aggregates under daily-aggregates/YYYY/MM/DD/<tenant_id>.json.gz"
  type        = string
}

variable "config_bucket_name" {
  description = "Name of the tenant-config bucket: tenants/<id>/<id>-config.json and mappings/<tenant_hash>.json"
  type        = string
}

variable "glue_database_name" {
  description = "Name of the Glue (Athena) database; underscores only, Athena identifiers cannot contain '-'"
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9_]+$", var.glue_database_name))
    error_message = "glue_database_name must contain only lower-case letters, digits and underscores."
  }
}

variable "glue_table_name" {
  description = "Name of the events table in the Glue database"
  type        = string
  default     = "events"
}

variable "athena_workgroup_name" {
  description = "Name of the Athena workgroup every query of the pipeline runs in"
  type        = string
}

variable "athena_bytes_scanned_cutoff_per_query" {
  description = "Athena cancels any query of the workgroup that scans more bytes than this (minimum 10 MB)"
  type        = number
  default     = 10737418240

  validation {
    condition     = var.athena_bytes_scanned_cutoff_per_query >= 10485760
    error_message = "athena_bytes_scanned_cutoff_per_query must be at least 10485760 (10 MB), the Athena minimum."
  }
}

variable "raw_events_expiration_days" {
  description = "Days raw events under analytics/ are kept (the seed's 90 days; older data lives in rollups and the archive)"
  type        = number
  default     = 90
}

variable "quarantine_expiration_days" {
  description = "Days quarantined records under quarantine/ are kept for on-call to inspect"
  type        = number
  default     = 30
}

variable "athena_results_expiration_days" {
  description = "Days Athena query results under athena-results/ are kept"
  type        = number
  default     = 7
}

variable "archive_transition_days" {
  description = "Days after which archive objects move to cold storage"
  type        = number
  default     = 90
}

variable "archive_storage_class" {
  description = "Cold storage class of the archive after archive_transition_days"
  type        = string
  default     = "GLACIER_IR"

  validation {
    condition     = contains(["STANDARD_IA", "GLACIER_IR", "GLACIER", "DEEP_ARCHIVE"], var.archive_storage_class)
    error_message = "archive_storage_class must be STANDARD_IA, GLACIER_IR, GLACIER or DEEP_ARCHIVE."
  }
}

variable "archive_retention_days" {
  description = "Days archive objects are kept before they expire (7 years by default)"
  type        = number
  default     = 2557

  validation {
    condition     = var.archive_retention_days >= 2555
    error_message = "archive_retention_days must cover the 7-year retention of the archive (at least 2555 days)."
  }
}

variable "noncurrent_version_expiration_days" {
  description = "Days an overwritten or deleted version of a versioned object (archive, tenant config) is kept"
  type        = number
  default     = 30
}

variable "projection_year_range" {
  description = "First and last year (\"YYYY,YYYY\") Athena partition projection considers for the year partition"
  type        = string
  default     = "2024,2099"

  validation {
    condition     = can(regex("^[0-9]{4},[0-9]{4}$", var.projection_year_range))
    error_message = "projection_year_range must look like \"2024,2099\"."
  }
}

variable "force_destroy" {
  description = "Whether terraform destroy may delete non-empty buckets (keep false outside throw-away environments)"
  type        = bool
  default     = false
}

variable "alarms_enabled" {
  description = "Whether to create the CloudWatch alarm on Athena queries the workgroup cancelled"
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

variable "tags" {
  description = "Tags for every resource of the module"
  type        = map(string)
  default     = {}
}
