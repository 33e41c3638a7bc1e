output "role_arn" {
  description = "spec.roleArn of the AwsAccount for this account."
  value       = aws_iam_role.target.arn
}

output "account_id" {
  description = "spec.accountId of the AwsAccount for this account."
  value       = data.aws_caller_identity.current.account_id
}
