using System.Runtime.CompilerServices;
using CrossAccountStreams.Operator.Runtime.Informers;
using k8s;
using k8s.Models;

namespace CrossAccountStreams.Operator.Kubernetes;

/// <summary>Lists and watches Namespaces (their labels decide which AwsAccounts a namespace may use); one by name, or all.</summary>
public sealed class NamespaceListWatcher(IKubernetes client, string? onlyNamespace) : IListWatcher<V1Namespace>
{
    private readonly string? fieldSelector = string.IsNullOrEmpty(onlyNamespace) ? null : $"metadata.name={onlyNamespace}";

    public string Description => fieldSelector is null ? "namespaces" : $"namespace {onlyNamespace}";

    public async Task<ListPage<V1Namespace>> ListAsync(string? continueToken, int limit, CancellationToken cancellationToken)
    {
        try
        {
            var list = await client.CoreV1.ListNamespaceAsync(
                continueParameter: continueToken, fieldSelector: fieldSelector, limit: limit, cancellationToken: cancellationToken);
            return new ListPage<V1Namespace>([.. list.Items], list.Metadata?.ResourceVersion ?? "", list.Metadata?.ContinueProperty);
        }
        catch (Exception ex) when (ApiErrors.IsGone(ex))
        {
            throw new ResourceVersionExpiredException(ex.Message, ex);
        }
    }

    public async IAsyncEnumerable<WatchEvent<V1Namespace>> WatchAsync(
        string resourceVersion,
        TimeSpan timeout,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Exception? streamError = null;
        var stream = client.CoreV1.WatchListNamespaceAsync(
            allowWatchBookmarks: true, fieldSelector: fieldSelector, resourceVersion: resourceVersion,
            timeoutSeconds: (int)Math.Ceiling(timeout.TotalSeconds), onError: e => streamError ??= e, cancellationToken: cancellationToken);
        await using var events = WatchStreams.Guard(stream, cancellationToken).GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            WatchStreams.ThrowIfFailed(streamError);
            if (!await events.MoveNextAsync())
            {
                break;
            }

            var (type, item) = events.Current;
            yield return new WatchEvent<V1Namespace>(WatchStreams.KindOf(type), item);
        }

        WatchStreams.ThrowIfFailed(streamError);
    }
}
