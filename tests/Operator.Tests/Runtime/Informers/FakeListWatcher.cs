using System.Runtime.CompilerServices;
using System.Threading.Channels;
using CrossAccountStreams.Entities.V1Alpha1;
using CrossAccountStreams.Operator.Runtime.Informers;
using k8s.Models;

namespace CrossAccountStreams.Operator.Tests.Runtime.Informers;

/// <summary>
/// A scripted API server for one kind: lists answer from the queued pages, each watch plays the next script, and
/// every call is recorded so tests can see which resourceVersion the informer resumed from.
/// </summary>
internal sealed class FakeListWatcher : IListWatcher<V1Alpha1StreamSubscription>
{
    private readonly Queue<Func<string?, ListPage<V1Alpha1StreamSubscription>>> lists = new();
    private readonly Queue<WatchScript> watches = new();
    private readonly Channel<string> watchStarts = Channel.CreateUnbounded<string>();
    private readonly Channel<string?> listCalls = Channel.CreateUnbounded<string?>();

    public string Description => "streamsubscriptions (fake)";

    public void EnqueueList(string resourceVersion, params V1Alpha1StreamSubscription[] items) =>
        lists.Enqueue(_ => new ListPage<V1Alpha1StreamSubscription>(items, resourceVersion, null));

    public void EnqueueListPage(string resourceVersion, string? next, params V1Alpha1StreamSubscription[] items) =>
        lists.Enqueue(_ => new ListPage<V1Alpha1StreamSubscription>(items, resourceVersion, next));

    public void EnqueueListFailure(Exception exception) => lists.Enqueue(_ => throw exception);

    /// <summary>A watch that sends these events and then closes (server timeout or dropped connection).</summary>
    public WatchScript EnqueueWatch(params WatchEvent<V1Alpha1StreamSubscription>[] events)
    {
        var script = new WatchScript(events, null, Hold: false);
        watches.Enqueue(script);
        return script;
    }

    /// <summary>A watch that sends these events and then fails.</summary>
    public void EnqueueWatchFailure(Exception exception, params WatchEvent<V1Alpha1StreamSubscription>[] events) =>
        watches.Enqueue(new WatchScript(events, exception, Hold: false));

    /// <summary>A watch that sends these events and then stays open until the informer stops.</summary>
    public void EnqueueOpenWatch(params WatchEvent<V1Alpha1StreamSubscription>[] events) =>
        watches.Enqueue(new WatchScript(events, null, Hold: true));

    public async Task<string> NextWatchStartAsync() =>
        await watchStarts.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));

    public async Task<string?> NextListAsync() =>
        await listCalls.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));

    public Task<ListPage<V1Alpha1StreamSubscription>> ListAsync(string? continueToken, int limit, CancellationToken cancellationToken)
    {
        listCalls.Writer.TryWrite(continueToken);
        return Task.FromResult(lists.Dequeue()(continueToken));
    }

    public async IAsyncEnumerable<WatchEvent<V1Alpha1StreamSubscription>> WatchAsync(
        string resourceVersion, TimeSpan timeout, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var script = watches.Count > 0 ? watches.Dequeue() : new WatchScript([], null, Hold: true);
        watchStarts.Writer.TryWrite(resourceVersion);
        foreach (var change in script.Events)
        {
            yield return change;
        }

        if (script.Failure is not null)
        {
            throw script.Failure;
        }

        if (script.Hold)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
    }

    public static V1Alpha1StreamSubscription Subscription(string name, string resourceVersion, string ns = "team-a") => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns, ResourceVersion = resourceVersion, Uid = $"uid-{name}" },
    };

    public static WatchEvent<V1Alpha1StreamSubscription> Added(string name, string rv) => new(WatchEventKind.Added, Subscription(name, rv));

    public static WatchEvent<V1Alpha1StreamSubscription> Modified(string name, string rv) => new(WatchEventKind.Modified, Subscription(name, rv));

    public static WatchEvent<V1Alpha1StreamSubscription> Deleted(string name, string rv) => new(WatchEventKind.Deleted, Subscription(name, rv));

    public static WatchEvent<V1Alpha1StreamSubscription> Bookmark(string rv) =>
        new(WatchEventKind.Bookmark, new V1Alpha1StreamSubscription { Metadata = new V1ObjectMeta { ResourceVersion = rv } });

    internal sealed record WatchScript(IReadOnlyList<WatchEvent<V1Alpha1StreamSubscription>> Events, Exception? Failure, bool Hold);
}
