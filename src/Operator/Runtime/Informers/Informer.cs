using k8s;
using k8s.Models;

namespace CrossAccountStreams.Operator.Runtime.Informers;

/// <summary>Timing of an informer; the defaults follow client-go's reflector.</summary>
public sealed record InformerSettings
{
    /// <summary>How often every cached object is handed to the handlers again (drift repair). Zero disables it.</summary>
    public TimeSpan ResyncPeriod { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Page size of the initial and every later list.</summary>
    public int PageSize { get; init; } = 500;

    /// <summary>A watch asks the server to close after a random time in [min, 2*min) so reconnects spread out.</summary>
    public TimeSpan MinWatchTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>First delay before reconnecting after a failed list or watch; doubles per failure.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(800);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);
}

/// <summary>
/// Keeps an in-memory cache of one kind in step with the API server, like client-go's reflector + informer: a paged
/// list, then a watch from the list's resourceVersion with bookmarks and a server-side timeout; after a disconnect it
/// resumes from the last resourceVersion seen, after <c>410 Gone</c> it lists again and reports objects that vanished
/// meanwhile as deletions. Failures back off (capped, jittered) and never end the loop. Handlers run on the
/// informer's loop after the cache is updated, so they must be quick (enqueue a key, nothing more).
/// </summary>
public sealed partial class Informer<TEntity> : IInformer
    where TEntity : IKubernetesObject<V1ObjectMeta>
{
    /// <summary>A watch that ends sooner than this counts towards the back-off, like client-go's reflector.</summary>
    private static readonly TimeSpan MinHealthyWatch = TimeSpan.FromSeconds(1);

    private readonly IListWatcher<TEntity> listWatcher;
    private readonly InformerSettings settings;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly RuntimeMetrics? metrics;
    private readonly Func<double> random;
    private readonly List<IResourceEventHandler<TEntity>> handlers = [];
    private readonly TaskCompletionSource synced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly KeyValuePair<string, object?> kindTag;
    private int started;

    public Informer(
        IListWatcher<TEntity> listWatcher,
        InformerSettings settings,
        TimeProvider time,
        ILogger logger,
        RuntimeMetrics? metrics = null,
        Func<double>? random = null)
    {
        this.listWatcher = listWatcher;
        this.settings = settings;
        this.time = time;
        this.logger = logger;
        this.metrics = metrics;
        this.random = random ?? Random.Shared.NextDouble;
        kindTag = new("kind", EntityKind<TEntity>.Name);
    }

    public ResourceCache<TEntity> Cache { get; } = new();

    /// <summary>True once the first full list is in the cache.</summary>
    public bool HasSynced => synced.Task.IsCompleted;

    /// <summary>The resourceVersion the next watch resumes from.</summary>
    public string? LastResourceVersion { get; private set; }

    public string Description => listWatcher.Description;

    public Task WaitForSyncAsync(CancellationToken cancellationToken) => synced.Task.WaitAsync(cancellationToken);

    /// <summary>Adds a handler; add all handlers before <see cref="RunAsync"/>.</summary>
    public void AddHandler(IResourceEventHandler<TEntity> handler)
    {
        if (Volatile.Read(ref started) != 0)
        {
            throw new InvalidOperationException("Handlers must be added before the informer starts.");
        }

        handlers.Add(handler);
    }

    /// <summary>Runs until <paramref name="cancellationToken"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref started, 1) != 0)
        {
            throw new InvalidOperationException("The informer is already running.");
        }

        var resync = settings.ResyncPeriod > TimeSpan.Zero ? RunResyncLoopAsync(cancellationToken) : Task.CompletedTask;
        try
        {
            await ListAndWatchUntilCancelledAsync(cancellationToken);
        }
        finally
        {
            await resync;
        }
    }

    private async Task ListAndWatchUntilCancelledAsync(CancellationToken cancellationToken)
    {
        var needList = true;
        var failures = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (needList)
                {
                    await ListAndReplaceAsync(cancellationToken);
                    needList = false;
                    synced.TrySetResult();
                }

                var watchStarted = time.GetTimestamp();
                await WatchAsync(cancellationToken);
                metrics?.WatchRestarts.Add(1, kindTag, new("cause", "closed"));
                if (time.GetElapsedTime(watchStarted) >= MinHealthyWatch)
                {
                    failures = 0;
                    continue;
                }

                // A server that closes watches at once would otherwise be hammered in a tight loop.
                failures++;
                await Task.Delay(Backoff(failures), time, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (ResourceVersionExpiredException ex)
            {
                // client-go relists at once on 410: the history is gone, only a fresh list is consistent.
                LogExpired(logger, listWatcher.Description, LastResourceVersion, ex.Message);
                metrics?.WatchRestarts.Add(1, kindTag, new("cause", "expired"));
                needList = true;
            }
            catch (Exception ex)
            {
                failures++;
                var delay = Backoff(failures);
                LogWatchFailed(logger, ex, listWatcher.Description, failures, delay);
                metrics?.WatchRestarts.Add(1, kindTag, new("cause", "error"));
                try
                {
                    await Task.Delay(delay, time, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
    }

    private TimeSpan Backoff(int failures)
    {
        var ticks = Math.Min(settings.InitialBackoff.Ticks * Math.Pow(2, Math.Min(failures - 1, 30)), settings.MaxBackoff.Ticks);

        // Full spread in [ticks/2, ticks) so many informers restarting together do not reconnect in lock-step.
        return TimeSpan.FromTicks((long)(ticks * (0.5 + (0.5 * random()))));
    }

    private async Task ListAndReplaceAsync(CancellationToken cancellationToken)
    {
        var listed = new List<TEntity>();
        string? continueToken = null;
        string resourceVersion;
        do
        {
            ListPage<TEntity> page;
            try
            {
                page = await listWatcher.ListAsync(continueToken, settings.PageSize, cancellationToken);
            }
            catch (ResourceVersionExpiredException) when (continueToken is not null)
            {
                // The snapshot behind the continue token expired between pages: start the list over.
                listed.Clear();
                continueToken = null;
                continue;
            }

            listed.AddRange(page.Items);
            continueToken = string.IsNullOrEmpty(page.Continue) ? null : page.Continue;
            resourceVersion = page.ResourceVersion;
            if (continueToken is null)
            {
                Replace(listed);
                LastResourceVersion = resourceVersion;
                LogListed(logger, listWatcher.Description, listed.Count, resourceVersion);
                return;
            }
        }
        while (true);
    }

    private void Replace(List<TEntity> listed)
    {
        var present = listed.Select(e => ObjectKey.Of(e)).ToHashSet();
        foreach (var key in Cache.Keys())
        {
            if (!present.Contains(key) && Cache.Remove(key) is { } gone)
            {
                Dispatch(h => h.OnDelete(gone));
            }
        }

        foreach (var entity in listed)
        {
            var old = Cache.Upsert(entity);
            if (old is null)
            {
                Dispatch(h => h.OnAdd(entity));
            }
            else if (old.Metadata.ResourceVersion != entity.Metadata.ResourceVersion)
            {
                Dispatch(h => h.OnUpdate(old, entity));
            }
        }
    }

    private async Task WatchAsync(CancellationToken cancellationToken)
    {
        var timeout = settings.MinWatchTimeout * (1 + random());
        var resourceVersion = LastResourceVersion ?? throw new InvalidOperationException("Watch before list.");
        await foreach (var change in listWatcher.WatchAsync(resourceVersion, timeout, cancellationToken))
        {
            Apply(change);
            if (!string.IsNullOrEmpty(change.Object.Metadata?.ResourceVersion))
            {
                LastResourceVersion = change.Object.Metadata.ResourceVersion;
            }
        }
    }

    private void Apply(WatchEvent<TEntity> change)
    {
        switch (change.Kind)
        {
            case WatchEventKind.Added:
            case WatchEventKind.Modified:
                var old = Cache.Upsert(change.Object);
                if (old is null)
                {
                    Dispatch(h => h.OnAdd(change.Object));
                }
                else
                {
                    Dispatch(h => h.OnUpdate(old, change.Object));
                }

                break;
            case WatchEventKind.Deleted:
                var removed = Cache.Remove(ObjectKey.Of(change.Object));
                Dispatch(h => h.OnDelete(removed ?? change.Object));
                break;
            case WatchEventKind.Bookmark:
                break;
        }
    }

    private async Task RunResyncLoopAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(settings.ResyncPeriod, time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                if (!HasSynced)
                {
                    continue;
                }

                foreach (var entity in Cache.List())
                {
                    Dispatch(h => h.OnUpdate(entity, entity));
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void Dispatch(Action<IResourceEventHandler<TEntity>> action)
    {
        foreach (var handler in handlers)
        {
            try
            {
                action(handler);
            }
            catch (Exception ex)
            {
                // A faulty handler must not stop the cache from following the server.
                LogHandlerFailed(logger, ex, listWatcher.Description);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Listed {What}: {Count} objects at resourceVersion {ResourceVersion}")]
    private static partial void LogListed(ILogger logger, string what, int count, string resourceVersion);

    [LoggerMessage(Level = LogLevel.Information, Message = "Watch of {What} expired at resourceVersion {ResourceVersion} ({Reason}); listing again")]
    private static partial void LogExpired(ILogger logger, string what, string? resourceVersion, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Listing or watching {What} failed ({Failures} in a row); retrying in {Delay}")]
    private static partial void LogWatchFailed(ILogger logger, Exception exception, string what, int failures, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Error, Message = "An event handler for {What} failed")]
    private static partial void LogHandlerFailed(ILogger logger, Exception exception, string what);
}
