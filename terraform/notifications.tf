# Where every alarm goes: one SNS topic per environment, encrypted with its own key, with the
# subscriptions of the workspace's tfvars (e-mail and/or an HTTPS chat webhook). Every alarm of
# every module gets local.alarm_actions as both alarm_actions and ok_actions; tools/infra-checks
# fails on an alarm that is not routed to this topic.

resource "aws_kms_key" "alarms" {
  description             = "Encrypts ${local.names.alarms_topic} (alarm notifications)"
  enable_key_rotation     = true
  deletion_window_in_days = 30
}

resource "aws_kms_alias" "alarms" {
  name          = "alias/${local.names.alarms_topic}"
  target_key_id = aws_kms_key.alarms.key_id
}

# CloudWatch publishes to an encrypted topic only if the key lets it encrypt. The key policy is a
# separate resource so its statements can name the key's own ARN instead of "*".
data "aws_iam_policy_document" "alarms_key" {
  statement {
    sid = "AccountAdministersKey"
    actions = [
      "kms:DescribeKey", "kms:GetKeyPolicy", "kms:PutKeyPolicy", "kms:GetKeyRotationStatus", "kms:EnableKeyRotation",
      "kms:EnableKey", "kms:DisableKey", "kms:UpdateKeyDescription", "kms:ScheduleKeyDeletion", "kms:CancelKeyDeletion",
      "kms:TagResource", "kms:UntagResource", "kms:ListResourceTags", "kms:CreateAlias", "kms:DeleteAlias", "kms:UpdateAlias",
      "kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey",
    ]
    resources = [aws_kms_key.alarms.arn]

    principals {
      type        = "AWS"
      identifiers = ["arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:root"]
    }
  }

  statement {
    sid       = "CloudWatchPublishesAlarms"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
    resources = [aws_kms_key.alarms.arn]

    principals {
      type        = "Service"
      identifiers = ["cloudwatch.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }
  }
}

resource "aws_kms_key_policy" "alarms" {
  key_id = aws_kms_key.alarms.id
  policy = data.aws_iam_policy_document.alarms_key.json
}

resource "aws_sns_topic" "alarms" {
  name              = local.names.alarms_topic
  kms_master_key_id = aws_kms_alias.alarms.arn
}

resource "aws_sns_topic_subscription" "alarms" {
  for_each = { for s in var.alarm_subscriptions : "${s.protocol}:${s.endpoint}" => s }

  topic_arn = aws_sns_topic.alarms.arn
  protocol  = each.value.protocol
  endpoint  = each.value.endpoint
  # A chat webhook confirms the subscription itself (Slack/Teams workflow URLs do not echo the
  # SubscribeURL); an e-mail address is confirmed by its owner clicking the link.
  endpoint_auto_confirms = each.value.protocol == "https"
}
