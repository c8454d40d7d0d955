# Form submissions hold PII: a customer-managed key lets the account revoke access to them
# independently of DynamoDB permissions, and CloudTrail logs every use of it.
resource "aws_kms_key" "form_submissions" {
  description             = "Encrypts ${var.form_submissions_table_name} (form submissions with PII)"
  enable_key_rotation     = true
  deletion_window_in_days = var.kms_key_deletion_window_in_days

  tags = var.tags
}

resource "aws_kms_alias" "form_submissions" {
  name          = "alias/${var.form_submissions_table_name}"
  target_key_id = aws_kms_key.form_submissions.key_id
}
