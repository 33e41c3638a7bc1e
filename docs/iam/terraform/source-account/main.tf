# The role the operator assumes in the source account, where the DynamoDB tables live. It reads the tables to find
# their latest stream and edits the streams' resource policies; it cannot touch table policies, items or settings.

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}

locals {
  table_arns  = [for name in var.table_names : "arn:${data.aws_partition.current.partition}:dynamodb:${var.region}:${data.aws_caller_identity.current.account_id}:table/${name}"]
  stream_arns = [for arn in local.table_arns : "${arn}/stream/*"]
}

data "aws_iam_policy_document" "trust" {
  statement {
    sid     = "StreamSubscriptionOperatorWithExternalId"
    effect  = "Allow"
    actions = ["sts:AssumeRole", "sts:TagSession"]
    principals {
      type        = "AWS"
      identifiers = [var.operator_role_arn]
    }
    condition {
      test     = "StringEquals"
      variable = "sts:ExternalId"
      values   = [var.external_id]
    }
  }
}

data "aws_iam_policy_document" "permissions" {
  statement {
    sid       = "FindTheLatestStream"
    effect    = "Allow"
    actions   = ["dynamodb:DescribeTable"]
    resources = local.table_arns
  }

  # Stream labels change whenever a stream is re-enabled, hence /stream/*; table ARNs themselves are not matched.
  statement {
    sid       = "ManageTheStreamResourcePolicies"
    effect    = "Allow"
    actions   = ["dynamodb:GetResourcePolicy", "dynamodb:PutResourcePolicy", "dynamodb:DeleteResourcePolicy"]
    resources = local.stream_arns
  }
}

resource "aws_iam_role" "source" {
  name               = var.role_name
  description        = "Assumed by the StreamSubscription operator to manage DynamoDB stream resource policies"
  assume_role_policy = data.aws_iam_policy_document.trust.json
  tags               = var.tags
}

resource "aws_iam_role_policy" "stream_policies" {
  name   = "stream-resource-policies"
  role   = aws_iam_role.source.id
  policy = data.aws_iam_policy_document.permissions.json
}
