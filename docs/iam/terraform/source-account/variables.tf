variable "role_name" {
  description = "Name of the role the operator assumes in this (source) account: the roleArn of its AwsAccount."
  type        = string
  default     = "stream-subscription-source"
}

variable "operator_role_arn" {
  description = "ARN of the operator's own role (output role_arn of the operator module)."
  type        = string
}

variable "external_id" {
  description = "External ID the operator must present (the AwsAccount's spec.externalId). Generate one per account and cluster; do not reuse."
  type        = string
  validation {
    condition     = length(var.external_id) >= 2 && length(var.external_id) <= 1224 && can(regex("^[\\w+=,.@:/-]+$", var.external_id))
    error_message = "external_id must be 2 to 1224 characters of letters, digits and +=,.@:/-."
  }
}

variable "region" {
  description = "Region of the tables."
  type        = string
}

variable "table_names" {
  description = "DynamoDB tables whose streams subscriptions may read. The operator can touch only these tables' stream policies."
  type        = list(string)
  validation {
    condition     = length(var.table_names) > 0
    error_message = "table_names must name at least one table."
  }
}

variable "tags" {
  description = "Tags on the IAM role."
  type        = map(string)
  default     = {}
}
