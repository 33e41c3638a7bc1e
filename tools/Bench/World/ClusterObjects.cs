using CrossAccountStreams.Entities.V1Alpha1;
using k8s.Models;
using LocalAws;

namespace CrossAccountStreams.Bench.World;

/// <summary>The Kubernetes side of a <see cref="BenchWorld"/>: namespaces, one AwsAccount per account, the subscriptions.</summary>
public static class ClusterObjects
{
    public static IReadOnlyList<V1Namespace> Namespaces(BenchWorld world)
    {
        ArgumentNullException.ThrowIfNull(world);
        return [.. Enumerable.Range(0, world.Namespaces).Select(i => new V1Namespace { Metadata = new V1ObjectMeta { Name = BenchWorld.NamespaceName(i) } })];
    }

    public static IReadOnlyList<V1Alpha1AwsAccount> Accounts(BenchWorld world)
    {
        ArgumentNullException.ThrowIfNull(world);
        var namespaces = Enumerable.Range(0, world.Namespaces).Select(BenchWorld.NamespaceName).ToList();
        return
        [
            .. Enumerable.Range(0, world.SourceAccounts).Select(i => Account(BenchWorld.SourceAccountName(i), BenchWorld.SourceAccountId(i), BenchSeed.SourceRoleArn(i), BenchSeed.SourceExternalId(i), namespaces)),
            .. Enumerable.Range(0, world.TargetAccounts).Select(i => Account(BenchWorld.TargetAccountName(i), BenchWorld.TargetAccountId(i), BenchSeed.TargetRoleArn(i), BenchSeed.TargetExternalId(i), namespaces)),
        ];
    }

    public static V1Alpha1StreamSubscription Subscription(PlannedSubscription planned)
    {
        ArgumentNullException.ThrowIfNull(planned);
        return new V1Alpha1StreamSubscription
        {
            Metadata = new V1ObjectMeta { Name = planned.Name, NamespaceProperty = planned.Namespace },
            Spec = new StreamSubscriptionSpec
            {
                Source = new StreamSource { Account = BenchWorld.SourceAccountName(planned.SourceAccount), Region = DefaultWorld.Region, TableName = planned.TableName },
                Target = new FunctionTarget { Account = BenchWorld.TargetAccountName(planned.TargetAccount), FunctionName = planned.FunctionName },
            },
        };
    }

    private static V1Alpha1AwsAccount Account(string name, string accountId, string roleArn, string externalId, List<string> namespaces) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new AwsAccountSpec
        {
            AccountId = accountId,
            RoleArn = roleArn,
            ExternalId = externalId,
            Regions = [DefaultWorld.Region],
            AllowedNamespaces = new AllowedNamespaces { Names = namespaces },
        },
    };
}
