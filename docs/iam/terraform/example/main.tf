# Two accounts: the source account 111111111111 owns the DynamoDB table "orders"; the target account 222222222222
# runs the EKS cluster "prod-eu", the operator and the Lambda function "billing-consumer".
# terraform init && terraform apply, with credentials that can reach both accounts (one provider per account).

provider "aws" {
  alias  = "source"
  region = "eu-west-1"
  assume_role {
    role_arn = "arn:aws:iam::111111111111:role/terraform"
  }
}

provider "aws" {
  alias  = "target"
  region = "eu-west-1"
  assume_role {
    role_arn = "arn:aws:iam::222222222222:role/terraform"
  }
}

resource "random_id" "external_id" {
  for_each    = toset(["source", "target"])
  byte_length = 16
  prefix      = "ssub-${each.key}-"
}

module "operator" {
  source    = "../operator"
  providers = { aws = aws.target }

  cluster_name = "prod-eu"
  identity     = "pod_identity"
  # Role names are fixed so the operator role can be created before the account roles exist.
  account_role_arns = [
    "arn:aws:iam::111111111111:role/stream-subscription-source",
    "arn:aws:iam::222222222222:role/stream-subscription-target",
  ]
}

module "source_account" {
  source    = "../source-account"
  providers = { aws = aws.source }

  operator_role_arn = module.operator.role_arn
  external_id       = random_id.external_id["source"].hex
  region            = "eu-west-1"
  table_names       = ["orders"]
}

module "target_account" {
  source    = "../target-account"
  providers = { aws = aws.target }

  operator_role_arn          = module.operator.role_arn
  external_id                = random_id.external_id["target"].hex
  region                     = "eu-west-1"
  function_names             = ["billing-consumer"]
  execution_role_names       = ["billing-consumer-execution"]
  source_stream_arn_patterns = module.source_account.stream_arn_patterns
}

# The AwsAccount objects to apply in the cluster.
output "aws_accounts" {
  value = <<-YAML
    apiVersion: streams.crossaccount.io/v1alpha1
    kind: AwsAccount
    metadata:
      name: source
    spec:
      accountId: "${module.source_account.account_id}"
      roleArn: ${module.source_account.role_arn}
      externalId: ${random_id.external_id["source"].hex}
      regions: [eu-west-1]
      allowedNamespaces:
        names: [billing]
    ---
    apiVersion: streams.crossaccount.io/v1alpha1
    kind: AwsAccount
    metadata:
      name: target
    spec:
      accountId: "${module.target_account.account_id}"
      roleArn: ${module.target_account.role_arn}
      externalId: ${random_id.external_id["target"].hex}
      regions: [eu-west-1]
      allowedNamespaces:
        names: [billing]
  YAML
}
