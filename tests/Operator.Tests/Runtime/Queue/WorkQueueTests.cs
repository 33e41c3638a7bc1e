using CrossAccountStreams.Operator.Runtime;
using CrossAccountStreams.Operator.Runtime.Queue;
using Microsoft.Extensions.Time.Testing;

namespace CrossAccountStreams.Operator.Tests.Runtime.Queue;

public sealed class WorkQueueTests
{
    private static readonly ObjectKey A = new("team-a", "orders");
    private static readonly ObjectKey B = new("team-a", "payments");
    private readonly FakeTimeProvider time = new();

    private WorkQueue NewQueue(IRateLimiter? limiter = null) =>
        new("test", limiter ?? new ExponentialBackoffRateLimiter(TimeSpan.FromMilliseconds(5), TimeSpan.FromMinutes(5), jitter: 0), time);

    [Fact]
    public async Task A_key_added_many_times_before_a_worker_takes_it_is_handed_out_once()
    {
        using var queue = NewQueue();
        queue.Add(A);
        queue.Add(A);
        queue.Add(B);
        queue.Add(A);

        Assert.Equal(2, queue.Length);
        Assert.Equal(A, await queue.GetAsync(CancellationToken.None));
        Assert.Equal(B, await queue.GetAsync(CancellationToken.None));
        Assert.Equal(0, queue.Length);
    }

    [Fact]
    public async Task A_key_added_while_being_processed_is_not_handed_to_a_second_worker_but_comes_back_after_done()
    {
        using var queue = NewQueue();
        queue.Add(A);
        var taken = await queue.GetAsync(CancellationToken.None);

        queue.Add(A);
        Assert.Equal(0, queue.Length);
        var second = queue.GetAsync(CancellationToken.None);
        Assert.False(second.IsCompleted);

        queue.Done(taken!.Value);
        Assert.Equal(A, await second.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task Done_without_a_new_add_does_not_requeue_the_key()
    {
        using var queue = NewQueue();
        queue.Add(A);
        queue.Done((await queue.GetAsync(CancellationToken.None))!.Value);

        Assert.Equal(0, queue.Length);
    }

    [Fact]
    public async Task A_waiting_worker_wakes_up_when_a_key_is_added()
    {
        using var queue = NewQueue();
        var waiting = queue.GetAsync(CancellationToken.None);
        Assert.False(waiting.IsCompleted);

        queue.Add(B);

        Assert.Equal(B, await waiting.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public void AddAfter_makes_the_key_ready_only_when_the_delay_has_passed()
    {
        using var queue = NewQueue();
        queue.AddAfter(A, TimeSpan.FromSeconds(30));

        time.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(0, queue.Length);
        Assert.Equal(1, queue.DelayedCount);

        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, queue.Length);
        Assert.Equal(0, queue.DelayedCount);
    }

    [Fact]
    public async Task The_earlier_of_two_delayed_adds_wins_and_the_key_is_handed_out_once()
    {
        using var queue = NewQueue();
        queue.AddAfter(A, TimeSpan.FromSeconds(10));
        queue.AddAfter(A, TimeSpan.FromSeconds(2));
        queue.AddAfter(A, TimeSpan.FromSeconds(20));

        time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(1, queue.Length);
        queue.Done((await queue.GetAsync(CancellationToken.None))!.Value);

        time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(0, queue.Length);
    }

    [Fact]
    public void AddRateLimited_waits_longer_after_each_failure_until_forgotten()
    {
        using var queue = NewQueue();

        queue.AddRateLimited(A);
        time.Advance(TimeSpan.FromMilliseconds(4));
        Assert.Equal(0, queue.Length);
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, queue.Length);

        queue.AddRateLimited(B);
        queue.AddRateLimited(B);
        Assert.Equal(2, queue.NumRequeues(B));

        queue.Forget(B);
        Assert.Equal(0, queue.NumRequeues(B));
    }

    [Fact]
    public async Task Shutdown_releases_waiting_workers_and_ignores_later_adds()
    {
        using var queue = NewQueue();
        var waiting = queue.GetAsync(CancellationToken.None);

        queue.ShutDown();
        queue.Add(A);
        queue.AddAfter(B, TimeSpan.FromSeconds(1));
        time.Advance(TimeSpan.FromSeconds(5));

        Assert.Null(await waiting.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Null(await queue.GetAsync(CancellationToken.None));
        Assert.Equal(0, queue.Length);
    }

    [Fact]
    public async Task Shutdown_drains_only_after_keys_in_process_are_done()
    {
        using var queue = NewQueue();
        queue.Add(A);
        var taken = await queue.GetAsync(CancellationToken.None);

        queue.ShutDown();
        Assert.False(queue.WhenDrained.IsCompleted);

        queue.Done(taken!.Value);
        await queue.WhenDrained.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Shutdown_drops_delayed_keys_so_no_timer_fires_afterwards()
    {
        using var queue = NewQueue();
        queue.AddAfter(A, TimeSpan.FromSeconds(1));
        queue.ShutDown();

        time.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(0, queue.DelayedCount);
        Assert.Null(await queue.GetAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_cancelled_wait_throws_and_leaves_the_queue_usable()
    {
        using var queue = NewQueue();
        using var cts = new CancellationTokenSource();
        var waiting = queue.GetAsync(cts.Token);

        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);

        queue.Add(A);
        Assert.Equal(A, await queue.GetAsync(CancellationToken.None));
    }
}
