using CrossAccountStreams.Operator.Runtime.Queue;
using k8s;
using k8s.Models;

namespace CrossAccountStreams.Operator.Runtime.Controllers;

/// <summary>
/// Runs workers that take keys from a <see cref="WorkQueue"/> and call the reconciler, and owns what its result
/// means (controller-runtime's reconcileHandler): <see cref="ReconcileResult.Done"/> forgets the key's back-off,
/// <see cref="ReconcileResult.After"/> forgets it and re-adds the key after the delay, an exception re-adds it with
/// back-off, and a <see cref="TerminalReconcileException"/> is logged and counted but not retried. Nothing a
/// reconcile throws ends a worker.
/// </summary>
public sealed partial class Controller<TEntity>(
    WorkQueue queue,
    IReconciler<TEntity> reconciler,
    TimeProvider time,
    ILogger<Controller<TEntity>> logger,
    RuntimeMetrics? metrics = null)
    : IController
    where TEntity : IKubernetesObject<V1ObjectMeta>
{
    private static readonly string Kind = EntityKind<TEntity>.Name;
    private readonly KeyValuePair<string, object?> kindTag = new("kind", Kind);

    public WorkQueue Queue => queue;

    /// <summary>
    /// Runs <paramref name="workers"/> workers until the queue is shut down and drained, or until
    /// <paramref name="cancellationToken"/> is cancelled, which also cancels reconciles in flight (lost leadership,
    /// or the shutdown deadline passed). Keys whose reconcile was cancelled are queued again for the next run.
    /// </summary>
    public Task RunAsync(int workers, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        LogStarted(logger, Kind, workers);
        return Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(() => WorkAsync(cancellationToken), CancellationToken.None)));
    }

    private async Task WorkAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            ObjectKey? next;
            try
            {
                next = await queue.GetAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            if (next is not { } key)
            {
                return;
            }

            await ProcessAsync(key, cancellationToken);
        }
    }

    /// <summary>Reconciles one key and applies the result; never throws.</summary>
    internal async Task ProcessAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var result = "success";
        metrics?.ActiveWorkers.Add(1, kindTag);
        using var scope = logger.BeginScope(new Dictionary<string, object?>
        {
            ["Kind"] = Kind,
            ["Key"] = key.ToString(),
            ["ReconcileId"] = Guid.NewGuid().ToString("N"),
        });
        try
        {
            var outcome = await reconciler.ReconcileAsync(key, cancellationToken);
            queue.Forget(key);
            if (outcome.RequeueAfter is { } delay)
            {
                result = "requeue_after";
                queue.AddAfter(key, delay);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped from outside (leadership lost or shutdown deadline): not the object's fault, so no back-off.
            result = "cancelled";
            queue.Add(key);
            LogCancelled(logger, Kind, key);
        }
        catch (TerminalReconcileException ex)
        {
            result = "terminal";
            queue.Forget(key);
            metrics?.ReconcileErrors.Add(1, kindTag, new("reason", "Terminal"));
            LogTerminal(logger, ex, Kind, key, ex.Message);
        }
        catch (Exception ex)
        {
            result = "error";
            metrics?.ReconcileErrors.Add(1, kindTag, new("reason", ex.GetType().Name));
            queue.AddRateLimited(key);
            LogFailed(logger, ex, Kind, key, queue.NumRequeues(key));
        }
        finally
        {
            queue.Done(key);
            metrics?.ActiveWorkers.Add(-1, kindTag);
            metrics?.ReconcileTotal.Add(1, kindTag, new("result", result));
            metrics?.ReconcileDuration.Record(time.GetElapsedTime(started).TotalSeconds, kindTag);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Started {Workers} workers for {Kind}")]
    private static partial void LogStarted(ILogger logger, string kind, int workers);

    [LoggerMessage(Level = LogLevel.Error, Message = "Reconcile of {Kind} {Key} failed; retry {Retries} with back-off")]
    private static partial void LogFailed(ILogger logger, Exception exception, string kind, ObjectKey key, int retries);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reconcile of {Kind} {Key} failed terminally and will not be retried until the object changes: {Reason}")]
    private static partial void LogTerminal(ILogger logger, Exception exception, string kind, ObjectKey key, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reconcile of {Kind} {Key} was cancelled; queued for the next run")]
    private static partial void LogCancelled(ILogger logger, string kind, ObjectKey key);
}
