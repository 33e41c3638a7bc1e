using System.Collections.Concurrent;
using CrossAccountStreams.Operator.Runtime;
using k8s;
using k8s.Models;

namespace CrossAccountStreams.Operator.IntegrationTests.Support;

/// <summary>
/// An in-memory stand-in for the Kubernetes side: one store per kind that acts as cache, status writer and
/// finalizer client, and records what was written.
/// </summary>
public sealed class InMemoryStore<TEntity> : IResourceCache<TEntity>, IStatusWriter<TEntity>, IFinalizerClient<TEntity>
    where TEntity : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly ConcurrentDictionary<ObjectKey, TEntity> objects = new();

    public int StatusWrites { get; private set; }

    public List<string> FinalizerLog { get; } = [];

    public TEntity Put(TEntity entity)
    {
        entity.Metadata.Uid ??= Guid.NewGuid().ToString();
        entity.Metadata.Generation ??= 1;
        objects[ObjectKey.Of(entity)] = Clone(entity);
        return entity;
    }

    public TEntity? Get(ObjectKey key) => objects.TryGetValue(key, out var entity) ? entity : null;

    public IReadOnlyCollection<TEntity> List() => [.. objects.Values];

    public Task<TEntity?> WriteStatusAsync(TEntity entity, CancellationToken cancellationToken)
    {
        var key = ObjectKey.Of(entity);
        if (!objects.TryGetValue(key, out var stored) || stored.Metadata.Generation != entity.Metadata.Generation)
        {
            return Task.FromResult<TEntity?>(null);
        }

        // Only the status moves; metadata and spec stay as stored, like the /status subresource.
        var updated = Clone(stored);
        typeof(TEntity).GetProperty("Status")!.SetValue(updated, typeof(TEntity).GetProperty("Status")!.GetValue(Clone(entity)));
        objects[key] = updated;
        StatusWrites++;
        return Task.FromResult<TEntity?>(Clone(updated));
    }

    public Task<TEntity> AddFinalizerAsync(TEntity entity, string finalizer, CancellationToken cancellationToken)
    {
        var stored = objects[ObjectKey.Of(entity)];
        stored.Metadata.Finalizers ??= [];
        if (!stored.Metadata.Finalizers.Contains(finalizer))
        {
            stored.Metadata.Finalizers.Add(finalizer);
            FinalizerLog.Add("add " + finalizer);
        }

        var result = Clone(entity);
        result.Metadata.Finalizers = [.. stored.Metadata.Finalizers];
        return Task.FromResult(result);
    }

    public Task<TEntity?> RemoveFinalizerAsync(TEntity entity, string finalizer, CancellationToken cancellationToken)
    {
        var key = ObjectKey.Of(entity);
        var stored = objects[key];
        stored.Metadata.Finalizers?.Remove(finalizer);
        FinalizerLog.Add("remove " + finalizer);
        if (stored.Metadata.DeletionTimestamp is not null && (stored.Metadata.Finalizers?.Count ?? 0) == 0)
        {
            objects.TryRemove(key, out _);
            return Task.FromResult<TEntity?>(null);
        }

        return Task.FromResult<TEntity?>(Clone(stored));
    }

    /// <summary>Marks the object deleted, as the API server does when finalizers hold it.</summary>
    public void MarkDeleted(ObjectKey key, DateTime when) => objects[key].Metadata.DeletionTimestamp = when;

    /// <summary>Changes the spec and bumps the generation, as the API server does.</summary>
    public void UpdateSpec(ObjectKey key, Action<TEntity> change)
    {
        var stored = objects[key];
        change(stored);
        stored.Metadata.Generation = (stored.Metadata.Generation ?? 1) + 1;
    }

    private static TEntity Clone(TEntity entity) => KubernetesJson.Deserialize<TEntity>(KubernetesJson.Serialize(entity));
}

/// <summary>Events as a list, for assertions.</summary>
public sealed class RecordingEventRecorder : IEventRecorder
{
    public ConcurrentQueue<(string Type, string Reason, string Message)> Events { get; } = new();

    public void Normal(IKubernetesObject<V1ObjectMeta> regarding, string reason, string message) => Events.Enqueue(("Normal", reason, message));

    public void Warning(IKubernetesObject<V1ObjectMeta> regarding, string reason, string message) => Events.Enqueue(("Warning", reason, message));
}
