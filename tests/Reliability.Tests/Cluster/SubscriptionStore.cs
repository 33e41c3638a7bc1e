using System.Text.Json.Serialization;
using CrossAccountStreams.Entities;
using CrossAccountStreams.Entities.V1Alpha1;
using CrossAccountStreams.Reliability.Tests.World;
using k8s;
using k8s.Models;

namespace CrossAccountStreams.Reliability.Tests.Cluster;

/// <summary>The StreamSubscriptions and AwsAccounts of the suite in LocalKube, as a user with kubectl sees them.</summary>
public sealed class SubscriptionStore(IKubernetes kube)
{
    public async Task CreateNamespacesAsync()
    {
        foreach (var name in FaultWorld.Namespaces)
        {
            await kube.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = name } });
        }
    }

    /// <summary>One AwsAccount per account, each allowing every namespace of the suite.</summary>
    public async Task CreateAccountsAsync()
    {
        var accounts = FaultWorld.Sources.Select(s => (s.Name, s.Id, s.RoleArn, s.ExternalId))
            .Concat(FaultWorld.Targets.Select(t => (t.Name, t.Id, t.RoleArn, t.ExternalId)));
        foreach (var (name, id, roleArn, externalId) in accounts)
        {
            var account = new V1Alpha1AwsAccount
            {
                Metadata = new V1ObjectMeta { Name = name },
                Spec = new AwsAccountSpec
                {
                    AccountId = id,
                    RoleArn = roleArn,
                    ExternalId = externalId,
                    Regions = [FaultWorld.Region],
                    AllowedNamespaces = new AllowedNamespaces { Names = [.. FaultWorld.Namespaces] },
                },
            };
            await kube.CustomObjects.CreateClusterCustomObjectAsync(account, ApiGroup.Name, ApiGroup.Version, V1Alpha1AwsAccount.Plural);
        }
    }

    public Task CreateAsync(PlannedSubscription planned)
    {
        ArgumentNullException.ThrowIfNull(planned);
        var subscription = new V1Alpha1StreamSubscription
        {
            Metadata = new V1ObjectMeta { Name = planned.Name, NamespaceProperty = planned.Namespace },
            Spec = new StreamSubscriptionSpec
            {
                Source = new StreamSource { Account = planned.Stream.Account.Name, Region = FaultWorld.Region, TableName = planned.Stream.Table },
                Target = new FunctionTarget { Account = planned.Target.Name, FunctionName = planned.Function },
            },
        };
        return kube.CustomObjects.CreateNamespacedCustomObjectAsync(subscription, ApiGroup.Name, ApiGroup.Version, planned.Namespace, V1Alpha1StreamSubscription.Plural);
    }

    public Task DeleteAsync(PlannedSubscription planned)
    {
        ArgumentNullException.ThrowIfNull(planned);
        return kube.CustomObjects.DeleteNamespacedCustomObjectAsync(ApiGroup.Name, ApiGroup.Version, planned.Namespace, V1Alpha1StreamSubscription.Plural, planned.Name);
    }

    /// <summary>Every StreamSubscription in the cluster, by namespace/name.</summary>
    public async Task<IReadOnlyDictionary<string, V1Alpha1StreamSubscription>> ListAsync()
    {
        var list = await kube.CustomObjects.ListClusterCustomObjectAsync<SubscriptionList>(ApiGroup.Name, ApiGroup.Version, V1Alpha1StreamSubscription.Plural);
        return list.Items.ToDictionary(s => $"{s.Metadata.NamespaceProperty}/{s.Metadata.Name}", StringComparer.Ordinal);
    }

    public async Task<IReadOnlyList<V1Alpha1AwsAccount>> ListAccountsAsync()
    {
        var list = await kube.CustomObjects.ListClusterCustomObjectAsync<AccountList>(ApiGroup.Name, ApiGroup.Version, V1Alpha1AwsAccount.Plural);
        return list.Items;
    }

    /// <summary>Done as kstatus and <c>kubectl wait --for=condition=Ready</c> read it: Ready=True for the current generation.</summary>
    public static bool IsReady(V1Alpha1StreamSubscription subscription)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        var generation = subscription.Metadata.Generation;
        var ready = subscription.Status?.Conditions?.FirstOrDefault(c => c.Type == ConditionTypes.Ready);
        return subscription.Metadata.DeletionTimestamp is null
            && subscription.Status?.ObservedGeneration == generation
            && ready is { Status: "True" }
            && ready.ObservedGeneration == generation;
    }

    public static bool IsReady(V1Alpha1AwsAccount account)
    {
        ArgumentNullException.ThrowIfNull(account);
        return account.Status?.Conditions?.FirstOrDefault(c => c.Type == ConditionTypes.Ready) is { Status: "True" };
    }

    /// <summary>The reason and message of a subscription's conditions, for failure messages.</summary>
    public static string Describe(V1Alpha1StreamSubscription subscription)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        var conditions = subscription.Status?.Conditions ?? [];
        return $"{subscription.Metadata.NamespaceProperty}/{subscription.Metadata.Name} generation {subscription.Metadata.Generation}, "
            + $"observed {subscription.Status?.ObservedGeneration}, deleting {subscription.Metadata.DeletionTimestamp is not null}: "
            + string.Join("; ", conditions.Select(c => $"{c.Type}={c.Status} ({c.Reason}: {c.Message})"));
    }

    private sealed class SubscriptionList
    {
        [JsonPropertyName("items")]
        public List<V1Alpha1StreamSubscription> Items { get; set; } = [];
    }

    private sealed class AccountList
    {
        [JsonPropertyName("items")]
        public List<V1Alpha1AwsAccount> Items { get; set; } = [];
    }
}
