using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using CrossAccountStreams.Entities.Schema;
using k8s;
using k8s.Models;

namespace CrossAccountStreams.Entities.V1Alpha1;

/// <summary>
/// An AWS account the operator may act in, the role it assumes there, and which namespaces may use it.
/// Cluster-scoped so that only cluster administrators decide who can reach which account.
/// </summary>
[KubernetesEntity(Group = ApiGroup.Name, ApiVersion = ApiGroup.Version, Kind = KubeKind, PluralName = Plural)]
[ResourceNames(ShortNames = ["awsacct"], Categories = ["aws", "streams"])]
[ClusterScoped]
[StatusSubresource]
[Description("AwsAccount is an AWS account the operator may act in: the role it assumes there (with an optional external ID), the Regions it may use, and the namespaces whose StreamSubscriptions may name it.")]
[PrinterColumn("Account", "string", ".spec.accountId", Description = "The 12-digit AWS account ID.")]
[PrinterColumn("Ready", "string", ".status.conditions[?(@.type==\"Ready\")].status", Description = "Whether the operator could assume the role.")]
[PrinterColumn("Role", "string", ".spec.roleArn", Description = "The role the operator assumes.", Priority = 1)]
[PrinterColumn("Age", "date", ".metadata.creationTimestamp")]
public sealed class V1Alpha1AwsAccount
    : IKubernetesObject<V1ObjectMeta>, ISpec<AwsAccountSpec>, IStatus<AwsAccountStatus>
{
    public const string KubeKind = "AwsAccount";
    public const string Plural = "awsaccounts";

    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = ApiGroup.ApiVersion;

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = KubeKind;

    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    [Required]
    [Description("The account, how to reach it, and who may use it.")]
    [JsonPropertyName("spec")]
    public AwsAccountSpec Spec { get; set; } = new();

    [Description("Whether the operator could assume the role, and the identity it saw.")]
    [JsonPropertyName("status")]
    public AwsAccountStatus Status { get; set; } = new();
}

[Description("The desired state of an AwsAccount.")]
[CelRule("self.roleArn.split(':')[4] == self.accountId", "roleArn must be a role in accountId", FieldPath = ".roleArn", Reason = "FieldValueInvalid")]
public sealed class AwsAccountSpec
{
    [Required]
    [RegularExpression(ApiPatterns.AccountId)]
    [CelRule("self == oldSelf", "accountId is immutable", Reason = "FieldValueForbidden")]
    [Description("The 12-digit AWS account ID. The operator checks that the assumed role really is in this account.")]
    [JsonPropertyName("accountId")]
    public string AccountId { get; set; } = "";

    [Required]
    [MaxLength(2048)]
    [RegularExpression(ApiPatterns.RoleArn)]
    [Description("ARN of the IAM role in this account that the operator assumes, e.g. arn:aws:iam::111122223333:role/stream-subscription-operator.")]
    [JsonPropertyName("roleArn")]
    public string RoleArn { get; set; } = "";

    [MinLength(2)]
    [MaxLength(1224)]
    [RegularExpression(ApiPatterns.ExternalId)]
    [Description("External ID passed to sts:AssumeRole, when the role's trust policy requires one (sts:ExternalId condition).")]
    [JsonPropertyName("externalId")]
    public string? ExternalId { get; set; }

    [MaxLength(40)]
    [ListSet]
    [Items(Pattern = ApiPatterns.Region, MaxLength = 32)]
    [Description("Regions subscriptions may use in this account. Empty or omitted allows every Region.")]
    [JsonPropertyName("regions")]
    public IList<string>? Regions { get; set; }

    [Description("Namespaces whose StreamSubscriptions may use this account. None by default: an account nobody is allowed to use is refused.")]
    [JsonPropertyName("allowedNamespaces")]
    public AllowedNamespaces? AllowedNamespaces { get; set; }
}

[Description("Namespaces allowed to use an account: those listed by name, plus those whose labels match the selector.")]
public sealed class AllowedNamespaces
{
    [MaxLength(256)]
    [ListSet]
    [Items(Pattern = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", MaxLength = 63)]
    [Description("Namespace names allowed to use the account.")]
    [JsonPropertyName("names")]
    public IList<string>? Names { get; set; }

    [Description("Namespaces whose labels match this selector may use the account. An empty selector ({}) matches every namespace.")]
    [JsonPropertyName("selector")]
    public V1LabelSelector? Selector { get; set; }
}

[Description("What the operator saw when it last assumed the account's role.")]
public sealed class AwsAccountStatus
{
    [Description("The metadata.generation this status describes.")]
    [JsonPropertyName("observedGeneration")]
    public long? ObservedGeneration { get; set; }

    [ListMap("type")]
    [Description("Ready is True when the operator assumed the role and the caller identity is in spec.accountId.")]
    [JsonPropertyName("conditions")]
    public IList<V1Condition>? Conditions { get; set; }

    [Description("The ARN sts:GetCallerIdentity returned after assuming the role.")]
    [JsonPropertyName("callerArn")]
    public string? CallerArn { get; set; }

    [Description("The account sts:GetCallerIdentity returned after assuming the role.")]
    [JsonPropertyName("callerAccountId")]
    public string? CallerAccountId { get; set; }

    [Description("When the operator last assumed the role successfully.")]
    [JsonPropertyName("lastVerifiedTime")]
    public DateTime? LastVerifiedTime { get; set; }
}
