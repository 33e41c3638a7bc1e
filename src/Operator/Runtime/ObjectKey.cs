using k8s;
using k8s.Models;

namespace CrossAccountStreams.Operator.Runtime;

/// <summary>Identifies one object: its namespace (null for cluster-scoped kinds) and name. The unit of work of the queue.</summary>
public readonly record struct ObjectKey(string? Namespace, string Name)
{
    public static ObjectKey Of(IKubernetesObject<V1ObjectMeta> entity) =>
        new(entity.Metadata.NamespaceProperty, entity.Metadata.Name);

    public override string ToString() => Namespace is null ? Name : $"{Namespace}/{Name}";
}
