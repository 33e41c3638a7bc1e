using System.Threading.Channels;
using CrossAccountStreams.Operator.Runtime;
using k8s;
using k8s.Models;

namespace CrossAccountStreams.Operator.Kubernetes.Events;

/// <summary>Writes Events to the API server.</summary>
public interface IEventSink
{
    Task CreateAsync(Corev1Event kubeEvent, CancellationToken cancellationToken);

    /// <summary>Sets count and lastTimestamp of an existing Event; false when it no longer exists.</summary>
    Task<bool> IncrementAsync(string ns, string name, int count, DateTime lastTimestamp, CancellationToken cancellationToken);
}

/// <summary>
/// Records Events without ever blocking a reconcile: calls only put the event on a bounded channel (dropped and
/// counted when full); one background loop correlates them (aggregation and per-object limit) and writes them.
/// A failed write is logged and dropped, never retried in a loop, as client-go's recorder does after a few tries.
/// </summary>
public sealed partial class EventRecorder(
    IEventSink sink,
    EventCorrelator correlator,
    ILogger<EventRecorder> logger,
    RuntimeMetrics? metrics = null)
    : BackgroundService, IEventRecorder
{
    public const int Capacity = 1024;

    private readonly Channel<EventRecord> pending = Channel.CreateBounded<EventRecord>(
        new BoundedChannelOptions(Capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    public void Normal(IKubernetesObject<V1ObjectMeta> regarding, string reason, string message) =>
        Record(regarding, "Normal", reason, message);

    public void Warning(IKubernetesObject<V1ObjectMeta> regarding, string reason, string message) =>
        Record(regarding, "Warning", reason, message);

    /// <summary>Writes everything queued so far; for shutdown and tests.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        while (pending.Reader.TryRead(out var record))
        {
            await WriteAsync(record, cancellationToken);
        }
    }

    /// <summary>Stops the loop, then writes what is still queued while the host's stop deadline allows.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await FlushAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var record in pending.Reader.ReadAllAsync(stoppingToken))
            {
                await WriteAsync(record, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private void Record(IKubernetesObject<V1ObjectMeta> regarding, string type, string reason, string message)
    {
        var reference = new V1ObjectReference
        {
            ApiVersion = regarding.ApiVersion,
            Kind = regarding.Kind,
            Name = regarding.Metadata.Name,
            NamespaceProperty = regarding.Metadata.NamespaceProperty,
            Uid = regarding.Metadata.Uid,
            ResourceVersion = regarding.Metadata.ResourceVersion,
        };
        if (!pending.Writer.TryWrite(new EventRecord(reference, type, reason, message)))
        {
            metrics?.EventsDropped.Add(1, new KeyValuePair<string, object?>("cause", "queue_full"));
        }
    }

    private async Task WriteAsync(EventRecord record, CancellationToken cancellationToken)
    {
        try
        {
            switch (correlator.Correlate(record))
            {
                case EventAction.Drop:
                    metrics?.EventsDropped.Add(1, new KeyValuePair<string, object?>("cause", "spam_filter"));
                    break;
                case EventAction.Create create:
                    await sink.CreateAsync(create.Event, cancellationToken);
                    break;
                case EventAction.Increment increment:
                    if (!await sink.IncrementAsync(increment.Namespace, increment.Name, increment.Count, increment.LastTimestamp, cancellationToken))
                    {
                        await sink.CreateAsync(increment.Event, cancellationToken);
                    }

                    break;
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            metrics?.EventsDropped.Add(1, new KeyValuePair<string, object?>("cause", "api_error"));
            LogWriteFailed(logger, ex, record.Reason, record.Regarding.Kind, record.Regarding.NamespaceProperty, record.Regarding.Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not write event {Reason} for {Kind} {Namespace}/{Name}")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, string reason, string kind, string? @namespace, string name);
}
