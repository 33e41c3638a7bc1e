using System.Diagnostics.Metrics;

namespace CrossAccountStreams.Operator.Runtime;

/// <summary>
/// Instruments of the controller runtime (work queues and reconcile loops), on the meter
/// <see cref="MeterName"/>. Prometheus names follow from the instrument names (dots become underscores).
/// </summary>
public sealed class RuntimeMetrics
{
    public const string MeterName = "CrossAccountStreams.Operator.Runtime";

    public RuntimeMetrics(IMeterFactory meterFactory)
        : this(meterFactory.Create(MeterName))
    {
    }

    public RuntimeMetrics(Meter meter)
    {
        QueueDepth = meter.CreateUpDownCounter<long>("workqueue.depth", description: "Keys waiting in the work queue.");
        QueueAdds = meter.CreateCounter<long>("workqueue.adds", description: "Keys added to the work queue.");
        QueueRetries = meter.CreateCounter<long>("workqueue.retries", description: "Keys re-added with back-off after a failure.");
        QueueLatency = meter.CreateHistogram<double>("workqueue.queue.duration", unit: "s", description: "How long a key waited in the queue before a worker took it.");
        WorkDuration = meter.CreateHistogram<double>("workqueue.work.duration", unit: "s", description: "How long a worker held a key.");
        ReconcileTotal = meter.CreateCounter<long>("reconcile.total", description: "Reconciles by kind and result (success, requeue_after, error, terminal, cancelled).");
        ReconcileErrors = meter.CreateCounter<long>("reconcile.errors", description: "Failed reconciles by kind and reason.");
        ReconcileDuration = meter.CreateHistogram<double>("reconcile.duration", unit: "s", description: "Duration of one reconcile by kind.");
        ActiveWorkers = meter.CreateUpDownCounter<long>("reconcile.active.workers", description: "Workers currently reconciling, by kind.");
        LeaderTransitions = meter.CreateCounter<long>("leader.election.transitions", description: "Times this replica started or stopped leading.");
        WatchRestarts = meter.CreateCounter<long>("informer.watch.restarts", description: "Watch streams re-opened, by kind and cause (timeout, error, expired).");
        EventsDropped = meter.CreateCounter<long>("events.dropped", description: "Kubernetes Events not written (queue full, spam filter or API error).");
    }

    public UpDownCounter<long> QueueDepth { get; }

    public Counter<long> QueueAdds { get; }

    public Counter<long> QueueRetries { get; }

    public Histogram<double> QueueLatency { get; }

    public Histogram<double> WorkDuration { get; }

    public Counter<long> ReconcileTotal { get; }

    public Counter<long> ReconcileErrors { get; }

    public Histogram<double> ReconcileDuration { get; }

    public UpDownCounter<long> ActiveWorkers { get; }

    public Counter<long> LeaderTransitions { get; }

    public Counter<long> WatchRestarts { get; }

    public Counter<long> EventsDropped { get; }
}
