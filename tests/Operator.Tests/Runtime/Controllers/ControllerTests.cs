using System.Collections.Concurrent;
using CrossAccountStreams.Entities.V1Alpha1;
using CrossAccountStreams.Operator.Runtime;
using CrossAccountStreams.Operator.Runtime.Controllers;
using CrossAccountStreams.Operator.Runtime.Queue;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace CrossAccountStreams.Operator.Tests.Runtime.Controllers;

public sealed class ControllerTests
{
    private static readonly ObjectKey A = new("team-a", "orders");
    private static readonly ObjectKey B = new("team-a", "payments");
    private readonly FakeTimeProvider time = new();
    private readonly WorkQueue queue;

    public ControllerTests()
    {
        queue = new WorkQueue("test", new ExponentialBackoffRateLimiter(TimeSpan.FromMilliseconds(5), TimeSpan.FromMinutes(5), jitter: 0), time);
    }

    private Controller<V1Alpha1StreamSubscription> NewController(FakeReconciler reconciler) =>
        new(queue, reconciler, time, NullLogger<Controller<V1Alpha1StreamSubscription>>.Instance);

    [Fact]
    public async Task Done_forgets_the_back_off_and_does_not_requeue()
    {
        var reconciler = new FakeReconciler(_ => ReconcileResult.Done);
        queue.AddRateLimited(A);
        Assert.Equal(1, queue.NumRequeues(A));

        await NewController(reconciler).ProcessAsync(A, CancellationToken.None);

        Assert.Equal(0, queue.NumRequeues(A));
        time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(1, queue.Length); // only the earlier rate-limited add, nothing new
    }

    [Fact]
    public async Task RequeueAfter_adds_the_key_again_after_the_delay()
    {
        var reconciler = new FakeReconciler(_ => ReconcileResult.After(TimeSpan.FromSeconds(30)));

        await NewController(reconciler).ProcessAsync(A, CancellationToken.None);

        time.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(0, queue.Length);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, queue.Length);
        Assert.Equal(0, queue.NumRequeues(A));
    }

    [Fact]
    public async Task An_exception_requeues_the_key_with_growing_back_off()
    {
        var reconciler = new FakeReconciler(_ => throw new InvalidOperationException("AWS said no"));
        var controller = NewController(reconciler);

        await controller.ProcessAsync(A, CancellationToken.None);
        time.Advance(TimeSpan.FromMilliseconds(5));
        Assert.Equal(1, queue.Length);
        var taken = await queue.GetAsync(CancellationToken.None);
        queue.Done(taken!.Value);

        await controller.ProcessAsync(A, CancellationToken.None);
        time.Advance(TimeSpan.FromMilliseconds(9));
        Assert.Equal(0, queue.Length);
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, queue.Length);
        Assert.Equal(2, queue.NumRequeues(A));
    }

    [Fact]
    public async Task A_terminal_error_is_not_retried()
    {
        var reconciler = new FakeReconciler(_ => throw new TerminalReconcileException("spec.source.account names an account this namespace may not use"));

        await NewController(reconciler).ProcessAsync(A, CancellationToken.None);

        time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(0, queue.Length);
        Assert.Equal(0, queue.NumRequeues(A));
    }

    [Fact]
    public async Task A_reconcile_cancelled_from_outside_is_queued_again_without_back_off()
    {
        using var cts = new CancellationTokenSource();
        var reconciler = new FakeReconciler(async (_, ct) =>
        {
            await cts.CancelAsync();
            ct.ThrowIfCancellationRequested();
            return ReconcileResult.Done;
        });
        queue.Add(A);
        var taken = await queue.GetAsync(CancellationToken.None);

        await NewController(reconciler).ProcessAsync(taken!.Value, cts.Token);

        Assert.Equal(1, queue.Length);
        Assert.Equal(0, queue.NumRequeues(A));
    }

    [Fact]
    public async Task A_failing_key_does_not_stop_the_workers_from_reconciling_others()
    {
        var reconciler = new FakeReconciler(key => key == A ? throw new InvalidOperationException("boom") : ReconcileResult.Done);
        var controller = NewController(reconciler);
        queue.Add(A);
        queue.Add(B);

        var run = controller.RunAsync(workers: 1, CancellationToken.None);
        await reconciler.WaitForCallsAsync(B, 1);
        queue.ShutDown();
        await run.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(1, reconciler.Calls(A));
        Assert.Equal(1, reconciler.Calls(B));
    }

    [Fact]
    public async Task The_same_key_is_never_reconciled_by_two_workers_at_once()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var reconciler = new FakeReconciler(async (key, _) =>
        {
            if (key == A)
            {
                await release.Task;
            }

            return ReconcileResult.Done;
        });
        var controller = NewController(reconciler);
        queue.Add(A);
        var run = controller.RunAsync(workers: 4, CancellationToken.None);
        await reconciler.WaitForCallsAsync(A, 1);

        // A changes again while its reconcile runs: the other three workers are idle but must not take it.
        queue.Add(A);
        queue.Add(B);
        await reconciler.WaitForCallsAsync(B, 1);
        Assert.Equal(1, reconciler.Calls(A));

        release.SetResult();
        await reconciler.WaitForCallsAsync(A, 2);
        queue.ShutDown();
        await run.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(1, reconciler.MaxConcurrent(A));
    }

    [Fact]
    public async Task Shutdown_lets_reconciles_in_flight_finish_and_then_the_workers_exit()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var finished = 0;
        var reconciler = new FakeReconciler(async (_, _) =>
        {
            await release.Task;
            Interlocked.Increment(ref finished);
            return ReconcileResult.Done;
        });
        queue.Add(A);
        var run = NewController(reconciler).RunAsync(workers: 2, CancellationToken.None);
        await reconciler.WaitForCallsAsync(A, 1);

        queue.ShutDown();
        Assert.False(run.IsCompleted);
        release.SetResult();
        await run.WaitAsync(TimeSpan.FromSeconds(5));
        await queue.WhenDrained.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(1, finished);
    }

    private sealed class FakeReconciler(Func<ObjectKey, CancellationToken, Task<ReconcileResult>> reconcile)
        : IReconciler<V1Alpha1StreamSubscription>
    {
        private readonly ConcurrentDictionary<ObjectKey, int> calls = new();
        private readonly ConcurrentDictionary<ObjectKey, int> running = new();
        private readonly ConcurrentDictionary<ObjectKey, int> maxRunning = new();
        private readonly Lock gate = new();
        private readonly List<(ObjectKey Key, int Count, TaskCompletionSource Signal)> waiters = [];

        public FakeReconciler(Func<ObjectKey, ReconcileResult> reconcile)
            : this((key, _) => Task.FromResult(reconcile(key)))
        {
        }

        public int Calls(ObjectKey key) => calls.GetValueOrDefault(key);

        public int MaxConcurrent(ObjectKey key) => maxRunning.GetValueOrDefault(key);

        public Task WaitForCallsAsync(ObjectKey key, int count)
        {
            lock (gate)
            {
                if (Calls(key) >= count)
                {
                    return Task.CompletedTask;
                }

                var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                waiters.Add((key, count, signal));
                return signal.Task.WaitAsync(TimeSpan.FromSeconds(10));
            }
        }

        public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
        {
            var now = running.AddOrUpdate(key, 1, (_, n) => n + 1);
            maxRunning.AddOrUpdate(key, now, (_, m) => Math.Max(m, now));
            lock (gate)
            {
                var total = calls.AddOrUpdate(key, 1, (_, n) => n + 1);
                foreach (var waiter in waiters.Where(w => w.Key == key && total >= w.Count).ToList())
                {
                    waiter.Signal.TrySetResult();
                    waiters.Remove(waiter);
                }
            }

            try
            {
                return await reconcile(key, cancellationToken);
            }
            finally
            {
                running.AddOrUpdate(key, 0, (_, n) => n - 1);
            }
        }
    }
}
