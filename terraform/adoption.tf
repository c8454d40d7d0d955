# Adopting what already exists in an account instead of creating it (terraform/README.md,
# Adopting legacy resources). Chosen per workspace in its tfvars.
#
# The seed's live `production-picasso-analytics-daily` table has exactly the name the naming rule
# gives the daily aggregates table: creating it would fail with ResourceInUseException. With
# adopt_legacy_daily_aggregates_table the plan imports it instead (Terraform >= 1.7 import with
# for_each). Review that plan: it must show "import" and no "must be replaced" (production's
# deletion protection makes a replacement fail rather than drop the table).
import {
  for_each = var.adopt_legacy_daily_aggregates_table ? toset([local.names.daily_aggregates_table]) : toset([])
  to       = module.tables.aws_dynamodb_table.this["daily_aggregates"]
  id       = each.value
}
