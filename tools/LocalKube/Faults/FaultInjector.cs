using LocalKube.Api;
using LocalKube.Storage;

namespace LocalKube.Faults;

/// <summary>
/// Makes the server misbehave on purpose: drop open watches, compact the watch history, and fail or delay chosen
/// requests a number of times or with a seeded probability. Verb and resource accept <c>*</c>.
/// </summary>
public sealed class FaultInjector
{
    private readonly ObjectStore _store;
    private readonly TimeProvider _time;
    private readonly Random _random;
    private readonly Lock _gate = new();
    private readonly List<FaultRule> _rules = [];
    private long _conflicts;
    private long _errors;
    private long _delays;
    private long _watchDrops;
    private long _compactions;

    internal FaultInjector(ObjectStore store, TimeProvider time, int seed)
    {
        _store = store;
        _time = time;
        _random = new Random(seed);
    }

    /// <summary>Ends every open watch stream now; clients see the stream close as after a timeout.</summary>
    public void DropWatches()
    {
        Interlocked.Increment(ref _watchDrops);
        _store.DropWatches();
    }

    /// <summary>Forgets the change history: a watch from any earlier resourceVersion gets 410 Gone (reason Expired).</summary>
    public void CompactHistory()
    {
        Interlocked.Increment(ref _compactions);
        _store.Compact();
    }

    /// <summary>What was injected so far: requests failed or delayed, and watch drops and compactions asked for.</summary>
    public InjectedApiServerFaults Injected => new(
        Interlocked.Read(ref _conflicts), Interlocked.Read(ref _errors), Interlocked.Read(ref _delays),
        Interlocked.Read(ref _watchDrops), Interlocked.Read(ref _compactions));

    public int OpenWatches => _store.OpenWatchCount;

    public void InjectConflict(string verb, string resource, int count = 1) => Add(new FaultRule(verb, resource, FaultKind.Conflict, count, null, 409, TimeSpan.Zero));

    public void InjectConflict(string verb, string resource, double probability) => Add(new FaultRule(verb, resource, FaultKind.Conflict, null, probability, 409, TimeSpan.Zero));

    public void InjectError(string verb, string resource, int count = 1, int statusCode = 500) => Add(new FaultRule(verb, resource, FaultKind.Error, count, null, statusCode, TimeSpan.Zero));

    public void InjectError(string verb, string resource, double probability, int statusCode = 500) => Add(new FaultRule(verb, resource, FaultKind.Error, null, probability, statusCode, TimeSpan.Zero));

    public void InjectLatency(string verb, string resource, TimeSpan delay, int count = 1) => Add(new FaultRule(verb, resource, FaultKind.Latency, count, null, 0, delay));

    public void InjectLatency(string verb, string resource, TimeSpan delay, double probability) => Add(new FaultRule(verb, resource, FaultKind.Latency, null, probability, 0, delay));

    /// <summary>Removes all injected request faults.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _rules.Clear();
        }
    }

    /// <summary>Applies the faults that match a request: waits for latency, throws for errors.</summary>
    internal async Task BeforeRequestAsync(string verb, string resource, string group, string name, CancellationToken cancellationToken)
    {
        var triggered = new List<FaultRule>();
        lock (_gate)
        {
            foreach (var rule in _rules.Where(r => r.Matches(verb, resource)).ToList())
            {
                if (rule.Probability is { } p ? _random.NextDouble() < p : rule.Remaining > 0)
                {
                    if (rule.Remaining is not null)
                    {
                        rule.Remaining--;
                        if (rule.Remaining == 0)
                        {
                            _rules.Remove(rule);
                        }
                    }

                    triggered.Add(rule);
                }
            }
        }

        foreach (var rule in triggered.Where(r => r.Kind == FaultKind.Latency))
        {
            Interlocked.Increment(ref _delays);
            await Task.Delay(rule.Delay, _time, cancellationToken);
        }

        if (triggered.FirstOrDefault(r => r.Kind == FaultKind.Conflict) is not null)
        {
            Interlocked.Increment(ref _conflicts);
            throw ApiException.Conflict(group, resource.Split('/')[0], name);
        }

        if (triggered.FirstOrDefault(r => r.Kind == FaultKind.Error) is { } error)
        {
            Interlocked.Increment(ref _errors);
            throw new ApiException(error.StatusCode, error.StatusCode == 500 ? "InternalError" : "ServiceUnavailable",
                $"Internal error occurred: injected fault for {verb} {resource}");
        }
    }

    private void Add(FaultRule rule)
    {
        lock (_gate)
        {
            _rules.Add(rule);
        }
    }

    private enum FaultKind
    {
        Conflict,
        Error,
        Latency,
    }

    private sealed class FaultRule(string verb, string resource, FaultKind kind, int? remaining, double? probability, int statusCode, TimeSpan delay)
    {
        public FaultKind Kind { get; } = kind;

        public int? Remaining { get; set; } = remaining;

        public double? Probability { get; } = probability;

        public int StatusCode { get; } = statusCode;

        public TimeSpan Delay { get; } = delay;

        public bool Matches(string requestVerb, string requestResource) =>
            (verb == "*" || verb == requestVerb) && (resource == "*" || resource == requestResource);
    }
}

/// <summary>Counts of injected faults: requests answered 409 or with an error, requests delayed, watch drops and history compactions.</summary>
public sealed record InjectedApiServerFaults(long Conflicts, long Errors, long Delays, long WatchDrops, long Compactions);
