namespace CrossAccountStreams.Operator.Runtime.Queue;

/// <summary>
/// A keyed work queue with client-go's semantics (ideas ported, not code):
/// <list type="bullet">
/// <item>a key added many times before a worker takes it is handed out once (dirty set);</item>
/// <item>a key being processed is never handed to a second worker; if it is added meanwhile it is queued again when
/// the first worker calls <see cref="Done"/> (processing set);</item>
/// <item><see cref="AddAfter"/> delays a key (the earliest pending delay wins), <see cref="AddRateLimited"/> delays
/// it by the rate limiter and <see cref="Forget"/> resets its back-off;</item>
/// <item><see cref="ShutDown"/> stops handing out keys; keys already taken may still finish and call Done.</item>
/// </list>
/// All timing goes through <see cref="TimeProvider"/> so tests drive it with a fake clock.
/// </summary>
public sealed class WorkQueue : IDisposable
{
    private readonly Lock gate = new();
    private readonly LinkedList<ObjectKey> queue = new();
    private readonly HashSet<ObjectKey> dirty = [];
    private readonly HashSet<ObjectKey> processing = [];
    private readonly Dictionary<ObjectKey, long> enqueuedAt = [];
    private readonly Dictionary<ObjectKey, long> processingSince = [];
    private readonly Dictionary<ObjectKey, DelayedKey> waiting = [];
    private readonly List<TaskCompletionSource> getters = [];
    private readonly TaskCompletionSource drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly IRateLimiter rateLimiter;
    private readonly TimeProvider time;
    private readonly RuntimeMetrics? metrics;
    private readonly KeyValuePair<string, object?> nameTag;
    private bool shuttingDown;

    public WorkQueue(string name, IRateLimiter rateLimiter, TimeProvider time, RuntimeMetrics? metrics = null)
    {
        Name = name;
        this.rateLimiter = rateLimiter;
        this.time = time;
        this.metrics = metrics;
        nameTag = new("name", name);
    }

    public string Name { get; }

    /// <summary>Keys ready to be handed out (not counting delayed or in-process keys).</summary>
    public int Length
    {
        get
        {
            lock (gate)
            {
                return queue.Count;
            }
        }
    }

    /// <summary>Keys waiting for a delay to pass.</summary>
    public int DelayedCount
    {
        get
        {
            lock (gate)
            {
                return waiting.Count;
            }
        }
    }

    public bool IsShuttingDown
    {
        get
        {
            lock (gate)
            {
                return shuttingDown;
            }
        }
    }

    /// <summary>Makes <paramref name="key"/> ready now; a delayed add still pending fires later and is de-duplicated then.</summary>
    public void Add(ObjectKey key)
    {
        lock (gate)
        {
            AddLocked(key);
        }
    }

    /// <summary>Makes <paramref name="key"/> ready after <paramref name="delay"/>; if it is already waiting, the earlier time wins.</summary>
    public void AddAfter(ObjectKey key, TimeSpan delay)
    {
        if (delay <= TimeSpan.Zero)
        {
            Add(key);
            return;
        }

        lock (gate)
        {
            if (shuttingDown)
            {
                return;
            }

            var readyAt = time.GetUtcNow() + delay;
            if (waiting.TryGetValue(key, out var existing))
            {
                if (existing.ReadyAt <= readyAt)
                {
                    return;
                }

                existing.Timer?.Dispose();
            }

            var delayed = new DelayedKey(this, key, readyAt);
            delayed.Timer = time.CreateTimer(static state => ((DelayedKey)state!).Fire(), delayed, delay, Timeout.InfiniteTimeSpan);
            waiting[key] = delayed;
        }
    }

    /// <summary>Re-adds <paramref name="key"/> after the rate limiter's delay (per-key back-off and overall limit).</summary>
    public void AddRateLimited(ObjectKey key)
    {
        metrics?.QueueRetries.Add(1, nameTag);
        AddAfter(key, rateLimiter.When(key));
    }

    /// <summary>Clears the back-off of <paramref name="key"/> (a delayed add already scheduled still happens).</summary>
    public void Forget(ObjectKey key) => rateLimiter.Forget(key);

    public int NumRequeues(ObjectKey key) => rateLimiter.NumRequeues(key);

    /// <summary>
    /// Waits for a key and marks it as being processed; the caller must call <see cref="Done"/> for it.
    /// Returns null once the queue is shut down.
    /// </summary>
    public async Task<ObjectKey?> GetAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            TaskCompletionSource signal;
            lock (gate)
            {
                if (queue.First is { } first)
                {
                    var key = first.Value;
                    queue.RemoveFirst();
                    dirty.Remove(key);
                    processing.Add(key);
                    var now = time.GetTimestamp();
                    processingSince[key] = now;
                    metrics?.QueueDepth.Add(-1, nameTag);
                    if (enqueuedAt.Remove(key, out var since))
                    {
                        metrics?.QueueLatency.Record(time.GetElapsedTime(since, now).TotalSeconds, nameTag);
                    }

                    return key;
                }

                if (shuttingDown)
                {
                    return null;
                }

                signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                getters.Add(signal);
            }

            try
            {
                await signal.Task.WaitAsync(cancellationToken);
            }
            finally
            {
                lock (gate)
                {
                    getters.Remove(signal);
                }
            }
        }
    }

    /// <summary>Ends the processing of <paramref name="key"/>; if it was added meanwhile it becomes ready again.</summary>
    public void Done(ObjectKey key)
    {
        lock (gate)
        {
            if (!processing.Remove(key))
            {
                return;
            }

            if (processingSince.Remove(key, out var since))
            {
                metrics?.WorkDuration.Record(time.GetElapsedTime(since).TotalSeconds, nameTag);
            }

            if (dirty.Contains(key) && !shuttingDown)
            {
                EnqueueLocked(key);
            }

            if (shuttingDown && processing.Count == 0)
            {
                drained.TrySetResult();
            }
        }
    }

    /// <summary>Stops handing out keys and drops delayed ones; waiting <see cref="GetAsync"/> calls return null.</summary>
    public void ShutDown()
    {
        lock (gate)
        {
            if (shuttingDown)
            {
                return;
            }

            shuttingDown = true;
            metrics?.QueueDepth.Add(-queue.Count, nameTag);
            queue.Clear();
            dirty.Clear();
            enqueuedAt.Clear();
            foreach (var (_, pending) in waiting)
            {
                pending.Timer?.Dispose();
            }

            waiting.Clear();
            WakeGettersLocked();
            if (processing.Count == 0)
            {
                drained.TrySetResult();
            }
        }
    }

    /// <summary>Completes when the queue is shut down and every key handed out has been marked done.</summary>
    public Task WhenDrained => drained.Task;

    public void Dispose() => ShutDown();

    private void AddLocked(ObjectKey key)
    {
        if (shuttingDown || !dirty.Add(key))
        {
            return;
        }

        metrics?.QueueAdds.Add(1, nameTag);
        if (!processing.Contains(key))
        {
            EnqueueLocked(key);
        }
    }

    private void EnqueueLocked(ObjectKey key)
    {
        queue.AddLast(key);
        enqueuedAt.TryAdd(key, time.GetTimestamp());
        metrics?.QueueDepth.Add(1, nameTag);
        WakeGettersLocked();
    }

    private void WakeGettersLocked()
    {
        foreach (var getter in getters)
        {
            getter.TrySetResult();
        }

        getters.Clear();
    }

    private void FireDelayed(ObjectKey key, DelayedKey source)
    {
        lock (gate)
        {
            // A timer replaced by an earlier one may still fire; only the registered one counts.
            if (!waiting.TryGetValue(key, out var pending) || !ReferenceEquals(pending, source))
            {
                return;
            }

            waiting.Remove(key);
            pending.Timer?.Dispose();
            AddLocked(key);
        }
    }

    private sealed class DelayedKey(WorkQueue owner, ObjectKey key, DateTimeOffset readyAt)
    {
        public DateTimeOffset ReadyAt { get; } = readyAt;

        public ITimer? Timer { get; set; }

        public void Fire() => owner.FireDelayed(key, this);
    }
}
