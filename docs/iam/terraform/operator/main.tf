# The operator's own role: the identity of its pod. It can do one thing: assume the account roles listed in
# var.account_role_arns (with session tags, which EKS Pod Identity passes on to chained sessions).

data "aws_eks_cluster" "this" {
  name = var.cluster_name
}

locals {
  oidc_issuer = replace(data.aws_eks_cluster.this.identity[0].oidc[0].issuer, "https://", "")
}

data "aws_iam_policy_document" "trust" {
  dynamic "statement" {
    for_each = var.identity == "pod_identity" ? [1] : []
    content {
      sid     = "OperatorServiceAccountViaPodIdentity"
      effect  = "Allow"
      actions = ["sts:AssumeRole", "sts:TagSession"]
      principals {
        type        = "Service"
        identifiers = ["pods.eks.amazonaws.com"]
      }
      condition {
        test     = "StringEquals"
        variable = "aws:RequestTag/eks-cluster-arn"
        values   = [data.aws_eks_cluster.this.arn]
      }
      condition {
        test     = "StringEquals"
        variable = "aws:RequestTag/kubernetes-namespace"
        values   = [var.namespace]
      }
      condition {
        test     = "StringEquals"
        variable = "aws:RequestTag/kubernetes-service-account"
        values   = [var.service_account]
      }
    }
  }

  dynamic "statement" {
    for_each = var.identity == "irsa" ? [1] : []
    content {
      sid     = "OperatorServiceAccountViaIrsa"
      effect  = "Allow"
      actions = ["sts:AssumeRoleWithWebIdentity"]
      principals {
        type        = "Federated"
        identifiers = [var.oidc_provider_arn]
      }
      condition {
        test     = "StringEquals"
        variable = "${local.oidc_issuer}:sub"
        values   = ["system:serviceaccount:${var.namespace}:${var.service_account}"]
      }
      condition {
        test     = "StringEquals"
        variable = "${local.oidc_issuer}:aud"
        values   = ["sts.amazonaws.com"]
      }
    }
  }
}

data "aws_iam_policy_document" "permissions" {
  statement {
    sid       = "AssumeOnlyTheAccountRoles"
    effect    = "Allow"
    actions   = ["sts:AssumeRole", "sts:TagSession"]
    resources = var.account_role_arns
  }
}

resource "aws_iam_role" "operator" {
  name               = var.role_name
  description        = "StreamSubscription operator in EKS cluster ${var.cluster_name}"
  assume_role_policy = data.aws_iam_policy_document.trust.json
  tags               = var.tags

  lifecycle {
    precondition {
      condition     = var.identity != "irsa" || var.oidc_provider_arn != null
      error_message = "oidc_provider_arn is required when identity is irsa."
    }
  }
}

resource "aws_iam_role_policy" "assume_account_roles" {
  name   = "assume-account-roles"
  role   = aws_iam_role.operator.id
  policy = data.aws_iam_policy_document.permissions.json
}

resource "aws_eks_pod_identity_association" "operator" {
  count           = var.identity == "pod_identity" && var.create_pod_identity_association ? 1 : 0
  cluster_name    = var.cluster_name
  namespace       = var.namespace
  service_account = var.service_account
  role_arn        = aws_iam_role.operator.arn
}
