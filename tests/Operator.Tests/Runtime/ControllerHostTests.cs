using CrossAccountStreams.Entities.V1Alpha1;
using CrossAccountStreams.Operator.Runtime;
using CrossAccountStreams.Operator.Runtime.Controllers;
using CrossAccountStreams.Operator.Runtime.Informers;
using CrossAccountStreams.Operator.Runtime.LeaderElection;
using CrossAccountStreams.Operator.Runtime.Queue;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace CrossAccountStreams.Operator.Tests.Runtime;

public sealed class ControllerHostTests
{
    private static readonly ObjectKey Key = new("team-a", "orders");
    private readonly FakeTimeProvider time = new();
    private readonly SyncedInformer informer = new();

    private (ControllerHost Host, WorkQueue Queue) NewHost(IReconciler<V1Alpha1StreamSubscription> reconciler)
    {
        var queue = new WorkQueue("test", new ExponentialBackoffRateLimiter(TimeSpan.FromMilliseconds(5), TimeSpan.FromMinutes(5)), time);
        var controller = new Controller<V1Alpha1StreamSubscription>(queue, reconciler, time, NullLogger<Controller<V1Alpha1StreamSubscription>>.Instance);
        var host = new ControllerHost(
            [informer], [controller], new ControllerHostSettings(Workers: 2, ShutdownTimeout: TimeSpan.FromSeconds(30)),
            new LeadershipStatus(), NullLogger<ControllerHost>.Instance, time);
        return (host, queue);
    }

    [Fact]
    public async Task Stopping_waits_for_a_reconcile_in_flight_to_finish_without_cancelling_it()
    {
        var reconciler = new BlockingReconciler();
        var (host, queue) = NewHost(reconciler);
        await host.StartAsync(CancellationToken.None);
        queue.Add(Key);
        await reconciler.Started.WaitAsync(TimeSpan.FromSeconds(5));

        var stopping = host.StopAsync(CancellationToken.None);
        Assert.False(stopping.IsCompleted);
        reconciler.Release.SetResult();
        await stopping.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.False(reconciler.WasCancelled);
        Assert.True(reconciler.Finished);
        host.Dispose();
    }

    [Fact]
    public async Task A_reconcile_still_running_at_the_shutdown_deadline_is_cancelled()
    {
        var reconciler = new BlockingReconciler();
        var (host, queue) = NewHost(reconciler);
        await host.StartAsync(CancellationToken.None);
        queue.Add(Key);
        await reconciler.Started.WaitAsync(TimeSpan.FromSeconds(5));

        var stopping = host.StopAsync(CancellationToken.None);
        for (var i = 0; i < 100 && !stopping.IsCompleted; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await Task.WhenAny(stopping, Task.Delay(10));
        }

        await stopping.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(reconciler.WasCancelled);
        Assert.True(time.GetUtcNow() - time.Start >= TimeSpan.FromSeconds(30));
        host.Dispose();
    }

    [Fact]
    public async Task Workers_start_only_after_every_informer_has_synced()
    {
        var reconciler = new BlockingReconciler();
        reconciler.Release.SetResult();
        var unsynced = new SyncedInformer(synced: false);
        var queue = new WorkQueue("test", new ExponentialBackoffRateLimiter(TimeSpan.FromMilliseconds(5), TimeSpan.FromMinutes(5)), time);
        var host = new ControllerHost(
            [informer, unsynced],
            [new Controller<V1Alpha1StreamSubscription>(queue, reconciler, time, NullLogger<Controller<V1Alpha1StreamSubscription>>.Instance)],
            new ControllerHostSettings(1, TimeSpan.FromSeconds(1)), new LeadershipStatus(), NullLogger<ControllerHost>.Instance, time);
        await host.StartAsync(CancellationToken.None);
        queue.Add(Key);

        Assert.False(host.CachesSynced);
        Assert.False(reconciler.Started.IsCompleted);

        unsynced.MarkSynced();
        await reconciler.Started.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(host.CachesSynced);
        await host.StopAsync(CancellationToken.None);
        host.Dispose();
    }

    [Fact]
    public async Task The_host_reports_itself_unhealthy_when_its_controller_loop_dies()
    {
        var broken = new BrokenInformer();
        var queue = new WorkQueue("test", new ExponentialBackoffRateLimiter(TimeSpan.FromMilliseconds(5), TimeSpan.FromMinutes(5)), time);
        var host = new ControllerHost(
            [broken],
            [new Controller<V1Alpha1StreamSubscription>(queue, new BlockingReconciler(), time, NullLogger<Controller<V1Alpha1StreamSubscription>>.Instance)],
            new ControllerHostSettings(1, TimeSpan.FromSeconds(1)), new LeadershipStatus(), NullLogger<ControllerHost>.Instance, time);
        Assert.True(host.Healthy);

        await host.StartAsync(CancellationToken.None);

        for (var i = 0; i < 500 && host.Healthy; i++)
        {
            await Task.Delay(10);
        }

        Assert.False(host.Healthy);
        await host.StopAsync(CancellationToken.None);
        host.Dispose();
    }

    private sealed class BrokenInformer : IInformer
    {
        public string Description => "broken";

        public bool HasSynced => false;

        public Task RunAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task WaitForSyncAsync(CancellationToken cancellationToken) =>
            Task.FromException(new InvalidOperationException("the informer can never sync"));
    }

    private sealed class BlockingReconciler : IReconciler<V1Alpha1StreamSubscription>
    {
        private readonly TaskCompletionSource started = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Started => started.Task;

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool WasCancelled { get; private set; }

        public bool Finished { get; private set; }

        public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
        {
            started.TrySetResult();
            try
            {
                await Release.Task.WaitAsync(cancellationToken);
                Finished = true;
                return ReconcileResult.Done;
            }
            catch (OperationCanceledException)
            {
                WasCancelled = true;
                throw;
            }
        }
    }

    private sealed class SyncedInformer(bool synced = true) : IInformer
    {
        private readonly TaskCompletionSource sync = NewSync(synced);

        public string Description => "fake";

        public bool HasSynced => sync.Task.IsCompleted;

        public void MarkSynced() => sync.TrySetResult();

        public Task RunAsync(CancellationToken cancellationToken) => Task.Delay(Timeout.Infinite, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);

        public Task WaitForSyncAsync(CancellationToken cancellationToken) => sync.Task.WaitAsync(cancellationToken);

        private static TaskCompletionSource NewSync(bool done)
        {
            var source = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            if (done)
            {
                source.SetResult();
            }

            return source;
        }
    }
}
