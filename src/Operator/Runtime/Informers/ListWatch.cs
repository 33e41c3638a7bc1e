using k8s;
using k8s.Models;

namespace CrossAccountStreams.Operator.Runtime.Informers;

/// <summary>One page of a list: the items, the list's resourceVersion and the token for the next page (null on the last).</summary>
public sealed record ListPage<TEntity>(IReadOnlyList<TEntity> Items, string ResourceVersion, string? Continue);

public enum WatchEventKind
{
    Added,
    Modified,
    Deleted,

    /// <summary>Carries only a newer resourceVersion to resume from.</summary>
    Bookmark,
}

public sealed record WatchEvent<TEntity>(WatchEventKind Kind, TEntity Object)
    where TEntity : IKubernetesObject<V1ObjectMeta>;

/// <summary>The resourceVersion a list continued from or a watch resumed from is too old (HTTP 410 Gone): list again.</summary>
public sealed class ResourceVersionExpiredException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The two API calls an informer needs for one kind; the Kubernetes adapter implements them, tests fake them.</summary>
public interface IListWatcher<TEntity>
    where TEntity : IKubernetesObject<V1ObjectMeta>
{
    /// <summary>Describes what is watched, for logs (e.g. <c>streamsubscriptions in all namespaces</c>).</summary>
    string Description { get; }

    /// <summary>Lists one page. Throws <see cref="ResourceVersionExpiredException"/> when the continue token expired.</summary>
    Task<ListPage<TEntity>> ListAsync(string? continueToken, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Streams changes after <paramref name="resourceVersion"/> until the server closes the watch (normal end after
    /// <paramref name="timeout"/>). Throws <see cref="ResourceVersionExpiredException"/> on 410 Gone.
    /// </summary>
    IAsyncEnumerable<WatchEvent<TEntity>> WatchAsync(string resourceVersion, TimeSpan timeout, CancellationToken cancellationToken);
}

/// <summary>Receives an informer's changes, after its cache already reflects them.</summary>
public interface IResourceEventHandler<in TEntity>
    where TEntity : IKubernetesObject<V1ObjectMeta>
{
    void OnAdd(TEntity entity);

    /// <summary>Also called with the same object twice on every periodic resync.</summary>
    void OnUpdate(TEntity oldEntity, TEntity newEntity);

    void OnDelete(TEntity entity);
}
