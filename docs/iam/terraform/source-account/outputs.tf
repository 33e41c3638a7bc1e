output "role_arn" {
  description = "spec.roleArn of the AwsAccount for this account."
  value       = aws_iam_role.source.arn
}

output "account_id" {
  description = "spec.accountId of the AwsAccount for this account."
  value       = data.aws_caller_identity.current.account_id
}

output "stream_arn_patterns" {
  description = "The streams the function execution roles in the target account must be allowed to read."
  value       = local.stream_arns
}
