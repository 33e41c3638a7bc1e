using System.Collections.Concurrent;
using CrossAccountStreams.Entities.V1Alpha1;
using CrossAccountStreams.Operator.Kubernetes;
using CrossAccountStreams.Operator.Runtime;
using CrossAccountStreams.Operator.Runtime.Informers;
using Microsoft.Extensions.Logging.Abstractions;

namespace CrossAccountStreams.Operator.IntegrationTests.Runtime;

public sealed class InformerIntegrationTests(LocalKubeCluster cluster) : IClassFixture<LocalKubeCluster>, IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);
    private readonly CancellationTokenSource stop = new();
    private readonly Seen seen = new();
    private Informer<V1Alpha1StreamSubscription> informer = null!;
    private Task run = Task.CompletedTask;
    private string ns = "";

    public async Task InitializeAsync()
    {
        ns = await cluster.NewNamespaceAsync("informer");
        informer = new Informer<V1Alpha1StreamSubscription>(
            new CustomResourceListWatcher<V1Alpha1StreamSubscription>(cluster.Client, OperatorResources.StreamSubscriptions, ns),
            new InformerSettings { PageSize = 2, InitialBackoff = TimeSpan.FromMilliseconds(50), MaxBackoff = TimeSpan.FromMilliseconds(200) },
            TimeProvider.System,
            NullLogger.Instance);
        informer.AddHandler(seen);
    }

    public async Task DisposeAsync()
    {
        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(10));
        stop.Dispose();
    }

    private async Task StartAndSyncAsync()
    {
        run = informer.RunAsync(stop.Token);
        await informer.WaitForSyncAsync(CancellationToken.None).WaitAsync(Patience);
    }

    private V1Alpha1StreamSubscription? Cached(string name) => informer.Cache.Get(new ObjectKey(ns, name));

    [Fact]
    public async Task It_lists_existing_objects_across_pages_then_follows_creates_updates_and_deletes()
    {
        foreach (var name in new[] { "a", "b", "c", "d", "e" })
        {
            await cluster.CreateSubscriptionAsync(ns, name);
        }

        await StartAndSyncAsync();
        Assert.Equal(5, informer.Cache.Count);

        await cluster.CreateSubscriptionAsync(ns, "f");
        var updated = await cluster.PatchSubscriptionAsync(ns, "a", """{"spec":{"source":{"tableName":"invoices"}}}""");
        await cluster.DeleteSubscriptionAsync(ns, "b");

        await LocalKubeCluster.EventuallyAsync(
            () => Cached("f") is not null && Cached("b") is null && Cached("a")?.Metadata.ResourceVersion == updated.Metadata.ResourceVersion
                && seen.Events.Contains("delete b"),
            Patience, "the cache and the handlers follow the watch");
        Assert.Equal("invoices", Cached("a")!.Spec.Source.TableName);
    }

    [Fact]
    public async Task No_change_is_lost_while_the_watch_is_down()
    {
        await cluster.CreateSubscriptionAsync(ns, "kept");
        await cluster.CreateSubscriptionAsync(ns, "removed");
        await StartAndSyncAsync();
        await LocalKubeCluster.EventuallyAsync(() => cluster.Server.Faults.OpenWatches > 0, Patience, "the informer watches");

        // Hold the next watch request back so these changes happen while no watch is open.
        cluster.Server.Faults.InjectLatency("watch", V1Alpha1StreamSubscription.Plural, TimeSpan.FromSeconds(1));
        cluster.Server.Faults.DropWatches();
        await cluster.CreateSubscriptionAsync(ns, "created-meanwhile");
        await cluster.PatchSubscriptionAsync(ns, "kept", """{"metadata":{"labels":{"changed":"meanwhile"}}}""");
        await cluster.DeleteSubscriptionAsync(ns, "removed");

        await LocalKubeCluster.EventuallyAsync(
            () => Cached("created-meanwhile") is not null && Cached("removed") is null
                && Cached("kept")?.Metadata.Labels?.ContainsKey("changed") == true && seen.Events.Contains("delete removed"),
            Patience, "every change made while the watch was down arrives after it resumes");
    }

    [Fact]
    public async Task After_410_Gone_it_lists_again_and_reports_deletions_it_missed()
    {
        await cluster.CreateSubscriptionAsync(ns, "stays");
        await cluster.CreateSubscriptionAsync(ns, "vanishes");
        await StartAndSyncAsync();
        await LocalKubeCluster.EventuallyAsync(() => cluster.Server.Faults.OpenWatches > 0, Patience, "the informer watches");

        cluster.Server.Faults.InjectLatency("watch", V1Alpha1StreamSubscription.Plural, TimeSpan.FromSeconds(1));
        cluster.Server.Faults.DropWatches();
        await cluster.DeleteSubscriptionAsync(ns, "vanishes");
        await cluster.CreateSubscriptionAsync(ns, "appears");
        cluster.Server.Faults.CompactHistory();

        await LocalKubeCluster.EventuallyAsync(
            () => Cached("appears") is not null && Cached("vanishes") is null && seen.Events.Contains("delete vanishes"),
            Patience, "the relist after 410 brings the cache up to date and reports the deletion");
        Assert.NotNull(Cached("stays"));
    }

    private sealed class Seen : IResourceEventHandler<V1Alpha1StreamSubscription>
    {
        private readonly ConcurrentQueue<string> events = new();

        public IReadOnlyCollection<string> Events => [.. events];

        public void OnAdd(V1Alpha1StreamSubscription entity) => events.Enqueue($"add {entity.Metadata.Name}");

        public void OnUpdate(V1Alpha1StreamSubscription oldEntity, V1Alpha1StreamSubscription newEntity) => events.Enqueue($"update {newEntity.Metadata.Name}");

        public void OnDelete(V1Alpha1StreamSubscription entity) => events.Enqueue($"delete {entity.Metadata.Name}");
    }
}
