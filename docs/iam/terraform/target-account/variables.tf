variable "role_name" {
  description = "Name of the role the operator assumes in this (target) account: the roleArn of its AwsAccount."
  type        = string
  default     = "stream-subscription-target"
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
  description = "Region of the functions (the same as the source tables: Lambda reads streams only in its own Region)."
  type        = string
}

variable "function_names" {
  description = "Lambda functions that subscriptions may attach streams to. The operator can create, change and delete mappings of these functions only."
  type        = list(string)
  validation {
    condition     = length(var.function_names) > 0
    error_message = "function_names must name at least one function."
  }
}

variable "execution_role_names" {
  description = "Execution roles of those functions (existing roles in this account) to grant read access to the source streams. Empty leaves them alone."
  type        = list(string)
  default     = []
}

variable "source_stream_arn_patterns" {
  description = "Streams the execution roles may read (output stream_arn_patterns of the source-account module)."
  type        = list(string)
  default     = []
}

variable "tags" {
  description = "Tags on the IAM role."
  type        = map(string)
  default     = {}
}
