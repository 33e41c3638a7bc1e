using System.Reflection;
using k8s.Models;

namespace CrossAccountStreams.Operator.Runtime;

/// <summary>The Kubernetes kind of an entity type (<c>StreamSubscription</c>), for logs and metric labels.</summary>
public static class EntityKind<TEntity>
{
    public static string Name { get; } =
        typeof(TEntity).GetCustomAttribute<KubernetesEntityAttribute>()?.Kind ?? typeof(TEntity).Name;
}
