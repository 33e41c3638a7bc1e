using CrossAccountStreams.Entities;
using CrossAccountStreams.Entities.V1Alpha1;
using k8s;
using k8s.Models;

namespace CrossAccountStreams.Operator.Kubernetes;

/// <summary>Where a custom resource kind lives in the API: group, version, plural and whether it is namespaced.</summary>
public sealed record ResourceDescriptor<TEntity>(string Group, string Version, string Plural, bool Namespaced)
    where TEntity : IKubernetesObject<V1ObjectMeta>
{
    public string Kind { get; } = Runtime.EntityKind<TEntity>.Name;
}

/// <summary>The operator's own kinds.</summary>
public static class OperatorResources
{
    public static ResourceDescriptor<V1Alpha1StreamSubscription> StreamSubscriptions { get; } =
        new(ApiGroup.Name, ApiGroup.Version, V1Alpha1StreamSubscription.Plural, Namespaced: true);

    public static ResourceDescriptor<V1Alpha1AwsAccount> AwsAccounts { get; } =
        new(ApiGroup.Name, ApiGroup.Version, V1Alpha1AwsAccount.Plural, Namespaced: false);
}
