using CrossAccountStreams.Operator.Runtime.Informers;
using CrossAccountStreams.Operator.Runtime.Queue;
using k8s;
using k8s.Models;

namespace CrossAccountStreams.Operator.Runtime.Controllers;

/// <summary>
/// Queues the key of every object the informer reports (level-based: what changed does not matter), except updates
/// that changed only status: those are mostly the controller's own status writes, and reconciling again for them
/// would double every pass's reads. Resyncs (same object twice) are queued.
/// </summary>
public sealed class EnqueueObjectHandler<TEntity>(WorkQueue queue) : IResourceEventHandler<TEntity>
    where TEntity : IKubernetesObject<V1ObjectMeta>
{
    public void OnAdd(TEntity entity) => queue.Add(ObjectKey.Of(entity));

    public void OnUpdate(TEntity oldEntity, TEntity newEntity)
    {
        if (!StatusOnlyChange.Between(oldEntity, newEntity))
        {
            queue.Add(ObjectKey.Of(newEntity));
        }
    }

    public void OnDelete(TEntity entity) => queue.Add(ObjectKey.Of(entity));
}

/// <summary>
/// Queues keys of another kind that depend on the changed object (an AwsAccount's subscriptions, a namespace's
/// subscriptions). The map gets the previous object (null on add and delete) and the current one.
/// </summary>
public sealed class EnqueueMappedHandler<TSource>(WorkQueue queue, Func<TSource?, TSource, IEnumerable<ObjectKey>> map)
    : IResourceEventHandler<TSource>
    where TSource : class, IKubernetesObject<V1ObjectMeta>
{
    public void OnAdd(TSource entity) => Enqueue(null, entity);

    public void OnUpdate(TSource oldEntity, TSource newEntity) => Enqueue(oldEntity, newEntity);

    public void OnDelete(TSource entity) => Enqueue(null, entity);

    private void Enqueue(TSource? previous, TSource current)
    {
        foreach (var key in map(previous, current))
        {
            queue.Add(key);
        }
    }
}
