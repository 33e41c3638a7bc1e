output "role_arn" {
  description = "The operator role's ARN: the principal the account roles trust."
  value       = aws_iam_role.operator.arn
}

output "service_account_annotation" {
  description = "IRSA only: the annotation to set through the chart's serviceAccount.annotations (null for Pod Identity, where the association does the work)."
  value       = var.identity == "irsa" ? "eks.amazonaws.com/role-arn: ${aws_iam_role.operator.arn}" : null
}
