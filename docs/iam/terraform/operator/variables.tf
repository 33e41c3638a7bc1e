variable "role_name" {
  description = "Name of the operator's own IAM role, in the account of the EKS cluster."
  type        = string
  default     = "stream-subscription-operator"
}

variable "identity" {
  description = "How the pod gets the role: pod_identity (EKS Pod Identity) or irsa (IAM roles for service accounts)."
  type        = string
  default     = "pod_identity"
  validation {
    condition     = contains(["pod_identity", "irsa"], var.identity)
    error_message = "identity must be pod_identity or irsa."
  }
}

variable "cluster_name" {
  description = "Name of the EKS cluster the operator runs in."
  type        = string
}

variable "namespace" {
  description = "Namespace the operator is installed in (the Helm release namespace)."
  type        = string
  default     = "stream-subscription-system"
}

variable "service_account" {
  description = "Name of the operator's ServiceAccount (the chart's default is the release's full name)."
  type        = string
  default     = "stream-subscription-operator"
}

variable "oidc_provider_arn" {
  description = "IRSA only: ARN of the cluster's IAM OIDC provider."
  type        = string
  default     = null
}

variable "account_role_arns" {
  description = "The roles the operator may assume: the roleArn of every AwsAccount object. Nothing else can be assumed."
  type        = list(string)
  validation {
    condition     = length(var.account_role_arns) > 0 && alltrue([for arn in var.account_role_arns : can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:role/", arn))])
    error_message = "account_role_arns must list at least one IAM role ARN."
  }
}

variable "create_pod_identity_association" {
  description = "pod_identity only: also create the EKS Pod Identity association for the ServiceAccount."
  type        = bool
  default     = true
}

variable "tags" {
  description = "Tags on the IAM role."
  type        = map(string)
  default     = {}
}
