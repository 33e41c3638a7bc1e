using k8s.Models;

namespace CrossAccountStreams.Operator.Kubernetes.Events;

/// <summary>An event the operator wants to record about an object.</summary>
public sealed record EventRecord(V1ObjectReference Regarding, string Type, string Reason, string Message);

/// <summary>What to do with an <see cref="EventRecord"/>.</summary>
public abstract record EventAction
{
    private EventAction()
    {
    }

    /// <summary>Dropped by the per-object spam filter.</summary>
    public sealed record Drop : EventAction;

    /// <summary>A new Event object.</summary>
    public sealed record Create(Corev1Event Event) : EventAction;

    /// <summary>The same event again within the window: bump the existing Event's count and last timestamp.</summary>
    public sealed record Increment(string Namespace, string Name, int Count, DateTime LastTimestamp, Corev1Event Event) : EventAction;
}

/// <summary>Limits of the correlator; defaults follow client-go's recorder (10 minute window, burst 25, one per 5 minutes).</summary>
public sealed record EventCorrelatorSettings
{
    public TimeSpan AggregationWindow { get; init; } = TimeSpan.FromMinutes(10);

    public int BurstPerObject { get; init; } = 25;

    public TimeSpan RefillIntervalPerObject { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Remembered events and objects; the least recently seen are forgotten first.</summary>
    public int CacheSize { get; init; } = 4096;

    public string Component { get; init; } = "stream-subscription-operator";

    public string ReportingInstance { get; init; } = Environment.MachineName;
}

/// <summary>
/// Decides, without I/O, whether an event becomes a new Event, increments an existing one (same object, type,
/// reason and message within the window, as client-go aggregates) or is dropped (per-object token bucket, as
/// client-go's spam filter). Not thread-safe: the recorder calls it from one loop.
/// </summary>
public sealed class EventCorrelator(TimeProvider time, EventCorrelatorSettings settings)
{
    private readonly LruMap<string, Seen> seen = new(settings.CacheSize);
    private readonly LruMap<string, Bucket> buckets = new(settings.CacheSize);
    private long sequence;

    public EventAction Correlate(EventRecord record)
    {
        var now = time.GetUtcNow();
        var objectKey = ObjectIdentity(record.Regarding);
        if (!TryTake(objectKey, now))
        {
            return new EventAction.Drop();
        }

        var eventKey = string.Join('\u0000', objectKey, record.Type, record.Reason, record.Message);
        var ns = string.IsNullOrEmpty(record.Regarding.NamespaceProperty) ? "default" : record.Regarding.NamespaceProperty;
        if (seen.TryGet(eventKey, out var previous) && now - previous.LastTimestamp < settings.AggregationWindow)
        {
            var next = previous with { Count = previous.Count + 1, LastTimestamp = now };
            seen.Set(eventKey, next);
            return new EventAction.Increment(ns, next.Name, next.Count, now.UtcDateTime, Build(record, ns, next));
        }

        // client-go names events <object>.<hex nanoseconds>; the sequence keeps names unique within one tick.
        var nanoseconds = ((now - DateTimeOffset.UnixEpoch).Ticks * 100) + (sequence++ % 100);
        var name = $"{record.Regarding.Name}.{nanoseconds:x}";
        var created = new Seen(name, 1, now, now);
        seen.Set(eventKey, created);
        return new EventAction.Create(Build(record, ns, created));
    }

    private static string ObjectIdentity(V1ObjectReference o) =>
        string.Join('/', o.Kind, o.NamespaceProperty, o.Name, o.Uid);

    private bool TryTake(string objectKey, DateTimeOffset now)
    {
        if (!buckets.TryGet(objectKey, out var bucket))
        {
            bucket = new Bucket(settings.BurstPerObject, now);
        }

        var refilled = Math.Min(settings.BurstPerObject, bucket.Tokens + ((now - bucket.At) / settings.RefillIntervalPerObject));
        var allowed = refilled >= 1;
        buckets.Set(objectKey, new Bucket(allowed ? refilled - 1 : refilled, now));
        return allowed;
    }

    private Corev1Event Build(EventRecord record, string ns, Seen state) => new()
    {
        ApiVersion = "v1",
        Kind = "Event",
        Metadata = new V1ObjectMeta { Name = state.Name, NamespaceProperty = ns },
        InvolvedObject = record.Regarding,
        Type = record.Type,
        Reason = record.Reason,
        Message = record.Message.Length > 1024 ? record.Message[..1021] + "..." : record.Message,
        Count = state.Count,
        FirstTimestamp = state.FirstTimestamp.UtcDateTime,
        LastTimestamp = state.LastTimestamp.UtcDateTime,
        Source = new V1EventSource { Component = settings.Component },
        ReportingComponent = settings.Component,
        ReportingInstance = settings.ReportingInstance,
    };

    private sealed record Seen(string Name, int Count, DateTimeOffset FirstTimestamp, DateTimeOffset LastTimestamp);

    private sealed record Bucket(double Tokens, DateTimeOffset At);
}
