using CrossAccountStreams.Delivery.Tests.Manifests;

namespace CrossAccountStreams.Delivery.Tests.Chart;

/// <summary>What the operator calls on Kubernetes: the runtime contract the RBAC must match, verb for verb.</summary>
public static class OperatorPermissions
{
    /// <summary>Rules on namespaced resources: cluster-wide, or in the watched namespace only.</summary>
    public static readonly IReadOnlySet<PolicyRule> Namespaced = PolicyRule.Parse(
        "streams.crossaccount.io/streamsubscriptions: get list watch patch",
        "streams.crossaccount.io/streamsubscriptions/status: update",
        "core/events: create patch");

    /// <summary>Rules on cluster-scoped resources, always in a ClusterRole.</summary>
    public static readonly IReadOnlySet<PolicyRule> ClusterScoped = PolicyRule.Parse(
        "streams.crossaccount.io/awsaccounts: get list watch",
        "streams.crossaccount.io/awsaccounts/status: update",
        "core/namespaces: list watch");

    /// <summary>The Lease used for leader election, in the operator's own namespace.</summary>
    public static readonly IReadOnlySet<PolicyRule> LeaderElection = PolicyRule.Parse(
        "coordination.k8s.io/leases: get create update");

    public static IReadOnlySet<PolicyRule> AllNamespaces => Namespaced.Union(ClusterScoped).ToHashSet();
}
