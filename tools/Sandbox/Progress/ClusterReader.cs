using CrossAccountStreams.Entities;
using CrossAccountStreams.Entities.V1Alpha1;
using k8s;
using k8s.Models;

namespace CrossAccountStreams.Sandbox.Progress;

/// <summary>Reads the StreamSubscriptions and AwsAccounts from the API server, as the snapshots the sandbox shows.</summary>
public sealed class ClusterReader(IKubernetes client)
{
    public async Task<IReadOnlyList<ObjectSnapshot>> ListSubscriptionsAsync(CancellationToken cancellationToken)
    {
        var list = await client.CustomObjects.ListCustomObjectForAllNamespacesAsync<ResourceList<V1Alpha1StreamSubscription>>(
            ApiGroup.Name, ApiGroup.Version, V1Alpha1StreamSubscription.Plural, cancellationToken: cancellationToken);
        return [.. list.Items.Select(ToSnapshot)];
    }

    public async Task<IReadOnlyList<ObjectSnapshot>> ListAccountsAsync(CancellationToken cancellationToken)
    {
        var list = await client.CustomObjects.ListClusterCustomObjectAsync<ResourceList<V1Alpha1AwsAccount>>(
            ApiGroup.Name, ApiGroup.Version, V1Alpha1AwsAccount.Plural, cancellationToken: cancellationToken);
        return [.. list.Items.Select(account => new ObjectSnapshot($"awsaccount/{account.Metadata.Name}", Conditions(account.Status?.Conditions))
        {
            Name = account.Metadata.Name,
            Created = Created(account.Metadata),
        })];
    }

    public static ObjectSnapshot ToSnapshot(V1Alpha1StreamSubscription subscription)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        var metadata = subscription.Metadata;
        var status = subscription.Status;
        return new ObjectSnapshot($"{metadata.NamespaceProperty}/{metadata.Name}", Conditions(status?.Conditions))
        {
            Namespace = metadata.NamespaceProperty,
            Name = metadata.Name,
            Source = status?.Source,
            Function = subscription.Spec?.Target?.FunctionName,
            MappingState = status?.EventSourceMappingState,
            MappingUuid = status?.EventSourceMappingUuid,
            Created = Created(metadata),
        };
    }

    private static DateTimeOffset? Created(V1ObjectMeta metadata) =>
        metadata.CreationTimestamp is { } created ? new DateTimeOffset(DateTime.SpecifyKind(created, DateTimeKind.Utc)) : null;

    private static IReadOnlyList<ConditionSnapshot> Conditions(IList<V1Condition>? conditions) =>
        conditions is null ? [] : [.. conditions.Select(c => new ConditionSnapshot(c.Type, c.Status, c.Reason, c.Message))];
}
