using System.Collections.Concurrent;
using CrossAccountStreams.Entities.V1Alpha1;
using CrossAccountStreams.Operator.Runtime;
using CrossAccountStreams.Operator.Runtime.Informers;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using static CrossAccountStreams.Operator.Tests.Runtime.Informers.FakeListWatcher;

namespace CrossAccountStreams.Operator.Tests.Runtime.Informers;

public sealed class InformerTests : IAsyncDisposable
{
    private readonly FakeTimeProvider time = new();
    private readonly FakeListWatcher server = new();
    private readonly RecordingHandler handler = new();
    private readonly CancellationTokenSource stop = new();
    private readonly Informer<V1Alpha1StreamSubscription> informer;
    private Task run = Task.CompletedTask;

    public InformerTests()
    {
        informer = new Informer<V1Alpha1StreamSubscription>(
            server,
            new InformerSettings { ResyncPeriod = TimeSpan.FromMinutes(10) },
            time,
            NullLogger.Instance,
            random: () => 0.5);
        handler.Informer = informer;
        informer.AddHandler(handler);
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(10));
        stop.Dispose();
    }

    private void Start() => run = informer.RunAsync(stop.Token);

    [Fact]
    public async Task It_lists_every_page_then_watches_from_the_list_resource_version()
    {
        server.EnqueueListPage("100", "page-2", Subscription("a", "90"));
        server.EnqueueListPage("100", null, Subscription("b", "95"));
        server.EnqueueOpenWatch();
        Start();

        Assert.Null(await server.NextListAsync());
        Assert.Equal("page-2", await server.NextListAsync());
        Assert.Equal("100", await server.NextWatchStartAsync());
        await informer.WaitForSyncAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));

        Assert.True(informer.HasSynced);
        Assert.Equal(["a", "b"], informer.Cache.List().Select(s => s.Metadata.Name).Order());
        Assert.Equal(["add a", "add b"], handler.Events.Order());
    }

    [Fact]
    public async Task Watch_events_update_the_cache_before_the_handlers_hear_of_them()
    {
        server.EnqueueList("100", Subscription("a", "90"));
        server.EnqueueWatch(Added("b", "101"), Modified("a", "102"), Deleted("b", "103"));
        server.EnqueueOpenWatch();
        Start();

        await server.NextWatchStartAsync();

        // A watch that closes at once counts towards the back-off, so the clock must move before the next one.
        await WaitUntilAsync(() => time.Advance(TimeSpan.FromMilliseconds(200)), () => server.NextWatchStartAsync(), out var resumedFrom);
        Assert.Equal("103", await resumedFrom);

        Assert.Equal(["add a", "add b", "update a", "delete b"], handler.Events);
        Assert.Equal("102", informer.Cache.Get(new ObjectKey("team-a", "a"))!.Metadata.ResourceVersion);
        Assert.Null(informer.Cache.Get(new ObjectKey("team-a", "b")));
        Assert.True(handler.CacheAgreedEveryTime);
    }

    [Fact]
    public async Task After_a_dropped_watch_it_resumes_from_the_last_resource_version_without_listing_again()
    {
        server.EnqueueList("100");
        server.EnqueueWatchFailure(new HttpRequestException("connection reset"), Added("a", "105"), Bookmark("110"));
        server.EnqueueOpenWatch(Added("b", "111"));
        Start();

        await server.NextListAsync();
        await server.NextWatchStartAsync();

        // The failure backs off (capped, jittered) on the informer's clock before reconnecting.
        await WaitUntilAsync(() => time.Advance(TimeSpan.FromSeconds(1)), () => server.NextWatchStartAsync(), out var resumedFrom);
        Assert.Equal("110", await resumedFrom);
        await WaitForAsync(() => informer.Cache.Count == 2);

        Assert.Equal(["add a", "add b"], handler.Events);
        Assert.Equal("111", informer.LastResourceVersion);
    }

    [Fact]
    public async Task On_410_Gone_it_lists_again_and_reports_objects_that_vanished_meanwhile_as_deleted()
    {
        server.EnqueueList("100", Subscription("a", "90"), Subscription("b", "91"));
        server.EnqueueWatchFailure(new ResourceVersionExpiredException("too old resource version: 100 (150)"));
        server.EnqueueList("200", Subscription("a", "190"), Subscription("c", "195"));
        server.EnqueueOpenWatch();
        Start();

        await server.NextWatchStartAsync();
        Assert.Equal("200", await server.NextWatchStartAsync());

        Assert.Equal(["a", "c"], informer.Cache.List().Select(s => s.Metadata.Name).Order());
        Assert.Contains("delete b", handler.Events);
        Assert.Contains("update a", handler.Events);
        Assert.Contains("add c", handler.Events);
    }

    [Fact]
    public async Task A_failing_first_list_is_retried_and_the_informer_is_not_synced_until_it_succeeds()
    {
        server.EnqueueListFailure(new HttpRequestException("connection refused"));
        server.EnqueueList("100", Subscription("a", "90"));
        server.EnqueueOpenWatch();
        Start();

        await server.NextListAsync();
        Assert.False(informer.HasSynced);

        await WaitUntilAsync(() => time.Advance(TimeSpan.FromSeconds(1)), () => server.NextWatchStartAsync(), out var watched);
        Assert.Equal("100", await watched);
        Assert.True(informer.HasSynced);
    }

    [Fact]
    public async Task Every_resync_period_each_cached_object_is_handed_to_the_handlers_again()
    {
        server.EnqueueList("100", Subscription("a", "90"), Subscription("b", "91"));
        server.EnqueueOpenWatch();
        Start();
        await server.NextWatchStartAsync();
        handler.Clear();

        time.Advance(TimeSpan.FromMinutes(10));
        await WaitForAsync(() => handler.Events.Count == 2);

        Assert.Equal(["resync a", "resync b"], handler.Events.Order());
    }

    /// <summary>Advances the fake clock in small steps until the awaited call happens (the back-off is random within bounds).</summary>
    private static Task WaitUntilAsync(Action advance, Func<Task<string>> next, out Task<string> result)
    {
        var pending = next();
        result = pending;
        return Task.Run(async () =>
        {
            for (var i = 0; i < 100 && !pending.IsCompleted; i++)
            {
                advance();
                await Task.WhenAny(pending, Task.Delay(20));
            }
        });
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition());
    }

    private sealed class RecordingHandler : IResourceEventHandler<V1Alpha1StreamSubscription>
    {
        private readonly ConcurrentQueue<string> events = new();

        public IReadOnlyList<string> Events => [.. events];

        public bool CacheAgreedEveryTime { get; private set; } = true;

        public Informer<V1Alpha1StreamSubscription>? Informer { get; set; }

        public void Clear() => events.Clear();

        public void OnAdd(V1Alpha1StreamSubscription entity)
        {
            Check(entity, present: true);
            events.Enqueue($"add {entity.Metadata.Name}");
        }

        public void OnUpdate(V1Alpha1StreamSubscription oldEntity, V1Alpha1StreamSubscription newEntity)
        {
            Check(newEntity, present: true);
            events.Enqueue(ReferenceEquals(oldEntity, newEntity) ? $"resync {newEntity.Metadata.Name}" : $"update {newEntity.Metadata.Name}");
        }

        public void OnDelete(V1Alpha1StreamSubscription entity)
        {
            Check(entity, present: false);
            events.Enqueue($"delete {entity.Metadata.Name}");
        }

        private void Check(V1Alpha1StreamSubscription entity, bool present)
        {
            var cached = Informer!.Cache.Get(ObjectKey.Of(entity));
            if (present ? !ReferenceEquals(cached, entity) : cached is not null)
            {
                CacheAgreedEveryTime = false;
            }
        }
    }
}
