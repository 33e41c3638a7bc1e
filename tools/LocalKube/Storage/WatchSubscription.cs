using System.Threading.Channels;

namespace LocalKube.Storage;

/// <summary>A live watch on one stored resource: receives every later change of it until disposed or dropped.</summary>
public sealed class WatchSubscription : IDisposable
{
    private readonly Channel<StoredEvent> _events = Channel.CreateUnbounded<StoredEvent>();
    private readonly CancellationTokenSource _dropped = new();
    private readonly Action<WatchSubscription> _unsubscribe;

    internal WatchSubscription(string storageKey, string? @namespace, Action<WatchSubscription> unsubscribe)
    {
        StorageKey = storageKey;
        Namespace = @namespace;
        _unsubscribe = unsubscribe;
    }

    public string StorageKey { get; }

    public string? Namespace { get; }

    /// <summary>Pending changes; supports Count, which bookmarks rely on.</summary>
    public ChannelReader<StoredEvent> Events => _events.Reader;

    /// <summary>Cancelled when the server drops the watch (fault injection or shutdown).</summary>
    public CancellationToken Dropped => _dropped.Token;

    internal void Publish(StoredEvent e)
    {
        if (e.StorageKey == StorageKey && (Namespace is null || Namespace == e.Namespace))
        {
            _events.Writer.TryWrite(e);
        }
    }

    internal void Drop()
    {
        try
        {
            _dropped.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already closed by its reader.
        }
    }

    public void Dispose()
    {
        _unsubscribe(this);
        _events.Writer.TryComplete();
        _dropped.Dispose();
    }
}
