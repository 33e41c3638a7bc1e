# The role the operator assumes in the target account, where the Lambda functions live: it manages the event source
# mappings of the listed functions and reads their configuration (to learn the execution role). No iam:PassRole: a
# mapping has no role of its own; Lambda polls the stream with the function's execution role.
# Optionally grants the functions' execution roles read access to the source streams (the identity-policy half of
# cross-account access; the operator writes the other half, the stream's resource policy).

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}

locals {
  prefix        = "arn:${data.aws_partition.current.partition}:lambda:${var.region}:${data.aws_caller_identity.current.account_id}"
  function_arns = flatten([for name in var.function_names : ["${local.prefix}:function:${name}", "${local.prefix}:function:${name}:*"]])
  mapping_arns  = "${local.prefix}:event-source-mapping:*"
  log_groups = flatten([for name in var.function_names : [
    "arn:${data.aws_partition.current.partition}:logs:${var.region}:${data.aws_caller_identity.current.account_id}:log-group:/aws/lambda/${name}",
    "arn:${data.aws_partition.current.partition}:logs:${var.region}:${data.aws_caller_identity.current.account_id}:log-group:/aws/lambda/${name}:*",
  ]])
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
    sid       = "ReadTheFunctions"
    effect    = "Allow"
    actions   = ["lambda:GetFunctionConfiguration"]
    resources = local.function_arns
  }

  # CreateEventSourceMapping has no resource type; the lambda:FunctionArn condition limits it to the listed functions.
  statement {
    sid       = "CreateMappingsForTheseFunctionsOnly"
    effect    = "Allow"
    actions   = ["lambda:CreateEventSourceMapping"]
    resources = ["*"]
    condition {
      test     = "ArnLike"
      variable = "lambda:FunctionArn"
      values   = local.function_arns
    }
  }

  # ListEventSourceMappings supports no resource type or condition key.
  statement {
    sid       = "FindExistingMappings"
    effect    = "Allow"
    actions   = ["lambda:ListEventSourceMappings"]
    resources = ["*"]
  }

  statement {
    sid       = "ReadMappings"
    effect    = "Allow"
    actions   = ["lambda:GetEventSourceMapping", "lambda:ListTags"]
    resources = [local.mapping_arns]
  }

  statement {
    sid       = "ChangeMappingsOfTheseFunctionsOnly"
    effect    = "Allow"
    actions   = ["lambda:UpdateEventSourceMapping", "lambda:DeleteEventSourceMapping"]
    resources = [local.mapping_arns]
    condition {
      test     = "ArnLike"
      variable = "lambda:FunctionArn"
      values   = local.function_arns
    }
  }

  # Tags go on at creation (which needs TagResource too); tagging has no lambda:FunctionArn condition.
  statement {
    sid       = "TagMappings"
    effect    = "Allow"
    actions   = ["lambda:TagResource"]
    resources = [local.mapping_arns]
  }
}

resource "aws_iam_role" "target" {
  name               = var.role_name
  description        = "Assumed by the StreamSubscription operator to manage Lambda event source mappings"
  assume_role_policy = data.aws_iam_policy_document.trust.json
  tags               = var.tags
}

resource "aws_iam_role_policy" "event_source_mappings" {
  name   = "event-source-mappings"
  role   = aws_iam_role.target.id
  policy = data.aws_iam_policy_document.permissions.json
}

data "aws_iam_policy_document" "execution" {
  count = length(var.execution_role_names) > 0 ? 1 : 0

  statement {
    sid       = "ReadTheSourceStreams"
    effect    = "Allow"
    actions   = ["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"]
    resources = var.source_stream_arn_patterns
  }

  # ListStreams supports no resource-level permissions.
  statement {
    sid       = "ListStreams"
    effect    = "Allow"
    actions   = ["dynamodb:ListStreams"]
    resources = ["*"]
  }

  statement {
    sid       = "WriteFunctionLogs"
    effect    = "Allow"
    actions   = ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"]
    resources = local.log_groups
  }
}

resource "aws_iam_role_policy" "read_source_streams" {
  for_each = toset(var.execution_role_names)
  name     = "read-cross-account-streams"
  role     = each.value
  policy   = data.aws_iam_policy_document.execution[0].json

  lifecycle {
    precondition {
      condition     = length(var.source_stream_arn_patterns) > 0
      error_message = "source_stream_arn_patterns is required when execution_role_names is set."
    }
  }
}
