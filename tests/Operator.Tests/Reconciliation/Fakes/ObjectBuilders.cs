using CrossAccountStreams.Entities;
using CrossAccountStreams.Entities.V1Alpha1;
using k8s.Models;

namespace CrossAccountStreams.Operator.Tests.Reconciliation.Fakes;

/// <summary>Valid objects to start tests from, changed with <c>with</c>-style modifiers.</summary>
public static class ObjectBuilders
{
    public const string Region = "eu-west-1";
    public const string Namespace = "orders";

    public static V1Alpha1AwsAccount Account(string name, string accountId, string role, string? externalId, bool ready = true, params string[] namespaces) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Generation = 1 },
        Spec = new AwsAccountSpec
        {
            AccountId = accountId,
            RoleArn = $"arn:aws:iam::{accountId}:role/{role}",
            ExternalId = externalId,
            AllowedNamespaces = new AllowedNamespaces { Names = namespaces.Length == 0 ? [Namespace] : [.. namespaces] },
        },
        Status = new AwsAccountStatus
        {
            Conditions = ready
                ? [new V1Condition { Type = ConditionTypes.Ready, Status = "True", Reason = ConditionReasons.RoleAssumed, Message = "ok", LastTransitionTime = DateTime.UnixEpoch }]
                : [new V1Condition { Type = ConditionTypes.Ready, Status = "False", Reason = ConditionReasons.AssumeRoleFailed, Message = "AccessDenied", LastTransitionTime = DateTime.UnixEpoch }],
        },
    };

    public static V1Alpha1StreamSubscription Subscription(
        string name = "orders-to-processor",
        string ns = Namespace,
        string source = "source",
        string target = "target",
        string? table = "Orders",
        string function = "order-processor",
        Action<StreamSubscriptionSpec>? change = null)
    {
        var subscription = new V1Alpha1StreamSubscription
        {
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns, Generation = 1, Uid = $"uid-{ns}-{name}" },
            Spec = new StreamSubscriptionSpec
            {
                Source = new StreamSource { Account = source, Region = Region, TableName = table },
                Target = new FunctionTarget { Account = target, FunctionName = function },
            },
        };
        change?.Invoke(subscription.Spec);
        return subscription;
    }

    public static V1Namespace NamespaceWithLabels(string name, params (string Key, string Value)[] labels) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = labels.ToDictionary(l => l.Key, l => l.Value) },
    };
}
