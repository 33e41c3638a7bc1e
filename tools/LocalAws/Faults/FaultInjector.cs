using LocalAws.Protocols;

namespace LocalAws;

/// <summary>What an injected fault does to a matching request.</summary>
public enum FaultKind
{
    /// <summary>Answer with the service's internal error (HTTP 500).</summary>
    ServerError,

    /// <summary>Answer with the service's throttling error.</summary>
    Throttle,

    /// <summary>Delay the request, then serve it normally.</summary>
    Latency,
}

/// <summary>
/// A fault for requests to one service/operation (null matches any). It fires with <see cref="Probability"/>
/// (decided by the server's seeded random), at most <see cref="Count"/> times when set.
/// </summary>
public sealed record FaultRule(string? Service, string? Operation, FaultKind Kind)
{
    public double Probability { get; init; } = 1;
    public int? Count { get; init; }
    public TimeSpan Latency { get; init; }

    /// <summary>When set, the delay is drawn uniformly (seeded) between <see cref="Latency"/> and this, per request.</summary>
    public TimeSpan? MaxLatency { get; init; }
}

/// <summary>How many requests each kind of fault hit, per service (call-log names).</summary>
public sealed record InjectedFaults(IReadOnlyDictionary<(string Service, FaultKind Kind), long> Counts)
{
    public long Of(FaultKind kind, string? service = null) =>
        Counts.Where(c => c.Key.Kind == kind && (service is null || c.Key.Service == service)).Sum(c => c.Value);
}

/// <summary>
/// Injects faults into chosen operations: 5xx errors, throttling, latency, and DynamoDB's policy-update cool-down.
/// Service names are those of the call log: "sts", "dynamodb", "dynamodbstreams", "lambda".
/// </summary>
public sealed class FaultInjector
{
    private readonly List<RuleState> rules = [];
    private readonly Dictionary<(string Service, FaultKind Kind), long> injected = [];
    private readonly Lock sync = new();
    private readonly Random random;

    internal FaultInjector(int seed) => random = new Random(seed);

    /// <summary>
    /// When set, a PutResourcePolicy or DeleteResourcePolicy on a resource whose policy changed less than this long ago
    /// fails with ResourceInUseException (AWS documents a 15-second block). Null (the default) disables it.
    /// </summary>
    public TimeSpan? PolicyUpdateCooldown { get; set; }

    public void Add(FaultRule rule)
    {
        lock (sync)
        {
            rules.Add(new RuleState(rule, rule.Count));
        }
    }

    /// <summary>The next <paramref name="count"/> calls of the operation fail with the given fault.</summary>
    public void FailNext(string service, string operation, int count, FaultKind kind = FaultKind.ServerError) =>
        Add(new FaultRule(service, operation, kind) { Count = count });

    /// <summary>Calls of the operation are throttled with the given probability.</summary>
    public void Throttle(string service, string? operation, double probability) =>
        Add(new FaultRule(service, operation, FaultKind.Throttle) { Probability = probability });

    /// <summary>Calls of the operation are delayed.</summary>
    public void Delay(string service, string? operation, TimeSpan latency) =>
        Add(new FaultRule(service, operation, FaultKind.Latency) { Latency = latency });

    /// <summary>Every matching call (null service or operation: any) is delayed by a seeded random time up to <paramref name="maxLatency"/>.</summary>
    public void DelayUpTo(string? service, string? operation, TimeSpan maxLatency) =>
        Add(new FaultRule(service, operation, FaultKind.Latency) { MaxLatency = maxLatency });

    /// <summary>
    /// Raised once a call has been answered, its response written to the client, with the call-log entry. Handlers
    /// run on the request's path, so they can act at that exact point (stop the caller before it acts on the answer).
    /// </summary>
    public event EventHandler<CallRecord>? CallAnswered;

    /// <summary>The requests each kind of fault hit so far (the policy-update cool-down shows in the call log instead).</summary>
    public InjectedFaults Injected
    {
        get
        {
            lock (sync)
            {
                return new InjectedFaults(new Dictionary<(string, FaultKind), long>(injected));
            }
        }
    }

    public void Clear()
    {
        lock (sync)
        {
            rules.Clear();
            PolicyUpdateCooldown = null;
        }
    }

    /// <summary>Applies latency and returns the error to answer with, or null to serve normally.</summary>
    internal async Task<AwsError?> ApplyAsync(AwsService service, string operation, CancellationToken cancellationToken)
    {
        var name = ServiceErrors.LogName(service);
        var delay = TimeSpan.Zero;
        AwsError? error = null;
        lock (sync)
        {
            foreach (var state in rules)
            {
                var rule = state.Rule;
                if ((rule.Service is not null && rule.Service != name) || (rule.Operation is not null && rule.Operation != operation))
                {
                    continue;
                }
                if (state.Remaining is <= 0 || random.NextDouble() >= rule.Probability)
                {
                    continue;
                }
                if (state.Remaining is not null)
                {
                    state.Remaining--;
                }
                if (rule.Kind != FaultKind.Latency && error is not null)
                {
                    continue; // an earlier rule already decided the answer
                }
                injected[(name, rule.Kind)] = injected.GetValueOrDefault((name, rule.Kind)) + 1;
                switch (rule.Kind)
                {
                    case FaultKind.Latency:
                        delay += rule.MaxLatency is { } max && max > rule.Latency
                            ? rule.Latency + ((max - rule.Latency) * random.NextDouble())
                            : rule.Latency;
                        break;
                    case FaultKind.Throttle:
                        error = ServiceErrors.Throttled(service);
                        break;
                    default:
                        error = ServiceErrors.Internal(service);
                        break;
                }
            }
            rules.RemoveAll(s => s.Remaining is <= 0);
        }
        if (delay > TimeSpan.Zero)
        {
            // Real time on purpose: latency is about the wire, not the emulated clock.
            await Task.Delay(delay, cancellationToken);
        }
        return error;
    }

    internal void OnAnswered(CallRecord call) => CallAnswered?.Invoke(this, call);

    private sealed class RuleState(FaultRule rule, int? remaining)
    {
        public FaultRule Rule { get; } = rule;
        public int? Remaining { get; set; } = remaining;
    }
}
