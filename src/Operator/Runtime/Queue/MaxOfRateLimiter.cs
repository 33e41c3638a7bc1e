namespace CrossAccountStreams.Operator.Runtime.Queue;

/// <summary>Combines limiters: a key waits for the longest of their delays (per-key back-off and the overall bucket).</summary>
public sealed class MaxOfRateLimiter(params IRateLimiter[] limiters) : IRateLimiter
{
    public TimeSpan When(ObjectKey key)
    {
        var longest = TimeSpan.Zero;
        foreach (var limiter in limiters)
        {
            var delay = limiter.When(key);
            if (delay > longest)
            {
                longest = delay;
            }
        }

        return longest;
    }

    public void Forget(ObjectKey key)
    {
        foreach (var limiter in limiters)
        {
            limiter.Forget(key);
        }
    }

    public int NumRequeues(ObjectKey key) => limiters.Max(l => l.NumRequeues(key));
}
