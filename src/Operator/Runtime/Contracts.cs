using k8s;
using k8s.Models;

namespace CrossAccountStreams.Operator.Runtime;

/// <summary>Reconciles one kind. Level-based: it gets a key, reads the object from the cache and drives the world towards it.</summary>
public interface IReconciler<TEntity>
    where TEntity : IKubernetesObject<V1ObjectMeta>
{
    Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken);
}

/// <summary>The informer's in-memory view of one kind; reconcilers read from it instead of the API server.</summary>
public interface IResourceCache<TEntity>
    where TEntity : IKubernetesObject<V1ObjectMeta>
{
    TEntity? Get(ObjectKey key);

    IReadOnlyCollection<TEntity> List();
}

/// <summary>
/// Writes status through the <c>/status</c> subresource with optimistic concurrency. On a conflict it re-reads the
/// object and retries, unless the object's generation moved on (a newer spec), in which case the write is dropped
/// and the result says so, so an older spec's status never overwrites a newer one's.
/// </summary>
public interface IStatusWriter<TEntity>
    where TEntity : IKubernetesObject<V1ObjectMeta>
{
    /// <summary>Returns the object as stored after the write, or null when the write was dropped (object gone or spec changed).</summary>
    Task<TEntity?> WriteStatusAsync(TEntity entity, CancellationToken cancellationToken);
}

/// <summary>Adds and removes one finalizer with patches that cannot drop another controller's finalizer.</summary>
public interface IFinalizerClient<TEntity>
    where TEntity : IKubernetesObject<V1ObjectMeta>
{
    /// <summary>Returns the updated object; a no-op when the finalizer is already there.</summary>
    Task<TEntity> AddFinalizerAsync(TEntity entity, string finalizer, CancellationToken cancellationToken);

    /// <summary>Returns the updated object, or null when removing the last finalizer let the object go.</summary>
    Task<TEntity?> RemoveFinalizerAsync(TEntity entity, string finalizer, CancellationToken cancellationToken);
}

/// <summary>Records Kubernetes Events on an object, rate-limited and aggregated like client-go's recorder.</summary>
public interface IEventRecorder
{
    void Normal(IKubernetesObject<V1ObjectMeta> regarding, string reason, string message);

    void Warning(IKubernetesObject<V1ObjectMeta> regarding, string reason, string message);
}
