namespace CrossAccountStreams.Operator.Runtime.Queue;

/// <summary>
/// Per-key exponential back-off: the n-th consecutive failure waits <c>baseDelay * 2^(n-1)</c>, capped at
/// <c>maxDelay</c>, then shortened by a random fraction up to <c>jitter</c> so keys that failed together do not
/// retry together. The jitter only ever shortens, so the cap is a hard upper bound.
/// </summary>
public sealed class ExponentialBackoffRateLimiter : IRateLimiter
{
    private readonly Lock gate = new();
    private readonly Dictionary<ObjectKey, int> failures = [];
    private readonly TimeSpan baseDelay;
    private readonly TimeSpan maxDelay;
    private readonly double jitter;
    private readonly Func<double> random;

    /// <param name="baseDelay">Delay after the first failure.</param>
    /// <param name="maxDelay">Upper bound of any delay.</param>
    /// <param name="jitter">Fraction in [0, 1) by which a delay may be shortened at random.</param>
    /// <param name="random">Source of uniform numbers in [0, 1); tests pass a fixed one.</param>
    public ExponentialBackoffRateLimiter(TimeSpan baseDelay, TimeSpan maxDelay, double jitter = 0.1, Func<double>? random = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(baseDelay, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDelay, baseDelay);
        ArgumentOutOfRangeException.ThrowIfNegative(jitter);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(jitter, 1.0);
        this.baseDelay = baseDelay;
        this.maxDelay = maxDelay;
        this.jitter = jitter;
        this.random = random ?? Random.Shared.NextDouble;
    }

    public TimeSpan When(ObjectKey key)
    {
        int exponent;
        lock (gate)
        {
            failures.TryGetValue(key, out exponent);
            failures[key] = exponent + 1;
        }

        // 2^exponent overflows long before it matters; past the cap the exact value is irrelevant.
        var factor = Math.Pow(2, Math.Min(exponent, 62));
        var ticks = Math.Min(baseDelay.Ticks * factor, maxDelay.Ticks);
        return TimeSpan.FromTicks((long)(ticks * (1 - (jitter * random()))));
    }

    public void Forget(ObjectKey key)
    {
        lock (gate)
        {
            failures.Remove(key);
        }
    }

    public int NumRequeues(ObjectKey key)
    {
        lock (gate)
        {
            return failures.GetValueOrDefault(key);
        }
    }
}
