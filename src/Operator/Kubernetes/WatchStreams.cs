using System.Runtime.CompilerServices;
using CrossAccountStreams.Operator.Runtime.Informers;
using k8s;

namespace CrossAccountStreams.Operator.Kubernetes;

/// <summary>What every watch adapter does with KubernetesClient's watch streams.</summary>
internal static class WatchStreams
{
    public static WatchEventKind KindOf(WatchEventType type) => type switch
    {
        WatchEventType.Added => WatchEventKind.Added,
        WatchEventType.Modified => WatchEventKind.Modified,
        WatchEventType.Deleted => WatchEventKind.Deleted,
        WatchEventType.Bookmark => WatchEventKind.Bookmark,
        _ => throw new InvalidOperationException($"Unexpected watch event type {type}."),
    };

    /// <summary>Turns an error the client reported through its callback (e.g. an ERROR event) into an exception.</summary>
    public static void ThrowIfFailed(Exception? error)
    {
        if (error is null)
        {
            return;
        }

        if (ApiErrors.IsGone(error))
        {
            throw new ResourceVersionExpiredException(error.Message, error);
        }

        throw new InvalidOperationException($"The watch failed: {error.Message}", error);
    }

    /// <summary>
    /// Ends quietly when the server closes a watch that carried no event (the client throws EndOfStreamException for
    /// it) and maps 410 on the watch request itself.
    /// </summary>
    public static async IAsyncEnumerable<T> Guard<T>(IAsyncEnumerable<T> stream, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var enumerator = stream.GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            bool moved;
            try
            {
                moved = await enumerator.MoveNextAsync();
            }
            catch (EndOfStreamException)
            {
                yield break;
            }
            catch (Exception ex) when (ApiErrors.IsGone(ex))
            {
                throw new ResourceVersionExpiredException(ex.Message, ex);
            }

            if (!moved)
            {
                yield break;
            }

            yield return enumerator.Current;
        }
    }
}
