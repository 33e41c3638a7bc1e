using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using CrossAccountStreams.Operator.Runtime.Informers;
using k8s;
using k8s.Models;

namespace CrossAccountStreams.Operator.Kubernetes;

/// <summary>
/// Lists and watches one custom resource kind through KubernetesClient's CustomObjects API, in one namespace, in all
/// namespaces, or cluster-wide for cluster-scoped kinds. Translates 410 Gone (as an HTTP status or as an ERROR watch
/// event) into <see cref="ResourceVersionExpiredException"/>.
/// </summary>
public sealed class CustomResourceListWatcher<TEntity>(IKubernetes client, ResourceDescriptor<TEntity> resource, string? watchNamespace)
    : IListWatcher<TEntity>
    where TEntity : IKubernetesObject<V1ObjectMeta>
{
    private readonly string? ns = resource.Namespaced && !string.IsNullOrEmpty(watchNamespace) ? watchNamespace : null;

    public string Description => resource.Namespaced
        ? $"{resource.Plural} in {(ns is null ? "all namespaces" : $"namespace {ns}")}"
        : resource.Plural;

    public async Task<ListPage<TEntity>> ListAsync(string? continueToken, int limit, CancellationToken cancellationToken)
    {
        try
        {
            var list = !resource.Namespaced
                ? await client.CustomObjects.ListClusterCustomObjectAsync<CustomResourceList<TEntity>>(
                    resource.Group, resource.Version, resource.Plural, continueParameter: continueToken, limit: limit, cancellationToken: cancellationToken)
                : ns is null
                    ? await client.CustomObjects.ListCustomObjectForAllNamespacesAsync<CustomResourceList<TEntity>>(
                        resource.Group, resource.Version, resource.Plural, continueParameter: continueToken, limit: limit, cancellationToken: cancellationToken)
                    : await client.CustomObjects.ListNamespacedCustomObjectAsync<CustomResourceList<TEntity>>(
                        resource.Group, resource.Version, ns, resource.Plural, continueParameter: continueToken, limit: limit, cancellationToken: cancellationToken);
            return new ListPage<TEntity>([.. list.Items], list.Metadata?.ResourceVersion ?? "", list.Metadata?.ContinueProperty);
        }
        catch (Exception ex) when (ApiErrors.IsGone(ex))
        {
            throw new ResourceVersionExpiredException(ex.Message, ex);
        }
    }

    public async IAsyncEnumerable<WatchEvent<TEntity>> WatchAsync(
        string resourceVersion,
        TimeSpan timeout,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Exception? streamError = null;
        var timeoutSeconds = (int)Math.Ceiling(timeout.TotalSeconds);
        var stream = !resource.Namespaced
            ? client.CustomObjects.WatchListClusterCustomObjectAsync(
                resource.Group, resource.Version, resource.Plural, allowWatchBookmarks: true, resourceVersion: resourceVersion,
                timeoutSeconds: timeoutSeconds, onError: e => streamError ??= e, cancellationToken: cancellationToken)
            : ns is null
                ? client.CustomObjects.WatchListCustomObjectForAllNamespacesAsync(
                    resource.Group, resource.Version, resource.Plural, allowWatchBookmarks: true, resourceVersion: resourceVersion,
                    timeoutSeconds: timeoutSeconds, onError: e => streamError ??= e, cancellationToken: cancellationToken)
                : client.CustomObjects.WatchListNamespacedCustomObjectAsync(
                    resource.Group, resource.Version, ns, resource.Plural, allowWatchBookmarks: true, resourceVersion: resourceVersion,
                    timeoutSeconds: timeoutSeconds, onError: e => streamError ??= e, cancellationToken: cancellationToken);

        await using var events = WatchStreams.Guard(stream, cancellationToken).GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            WatchStreams.ThrowIfFailed(streamError);
            if (!await events.MoveNextAsync())
            {
                break;
            }

            var (type, item) = events.Current;
            yield return new WatchEvent<TEntity>(WatchStreams.KindOf(type), ToEntity(item));
        }

        WatchStreams.ThrowIfFailed(streamError);
    }

    private static TEntity ToEntity(object item) => item switch
    {
        TEntity entity => entity,
        JsonElement element => KubernetesJson.Deserialize<TEntity>(element),
        JsonNode node => KubernetesJson.Deserialize<TEntity>(node),
        string json => KubernetesJson.Deserialize<TEntity>(json),
        _ => KubernetesJson.Deserialize<TEntity>(KubernetesJson.Serialize(item)),
    };
}
