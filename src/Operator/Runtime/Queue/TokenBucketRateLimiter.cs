namespace CrossAccountStreams.Operator.Runtime.Queue;

/// <summary>
/// An overall limit across all keys: a token bucket refilled at <c>ratePerSecond</c> up to <c>burst</c>. Each call
/// reserves one token and returns how long to wait until that token exists, so a flood of retries is spread out
/// instead of hammering the API server or AWS (client-go's default controller limiter uses 10 per second, burst 100).
/// </summary>
public sealed class TokenBucketRateLimiter : IRateLimiter
{
    private readonly Lock gate = new();
    private readonly double ratePerSecond;
    private readonly double burst;
    private readonly TimeProvider time;
    private double tokens;
    private long lastTimestamp;

    public TokenBucketRateLimiter(double ratePerSecond, int burst, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ratePerSecond, 0);
        ArgumentOutOfRangeException.ThrowIfLessThan(burst, 1);
        this.ratePerSecond = ratePerSecond;
        this.burst = burst;
        this.time = time;
        tokens = burst;
        lastTimestamp = time.GetTimestamp();
    }

    public TimeSpan When(ObjectKey key)
    {
        lock (gate)
        {
            var now = time.GetTimestamp();
            var elapsed = time.GetElapsedTime(lastTimestamp, now).TotalSeconds;
            lastTimestamp = now;
            tokens = Math.Min(burst, tokens + (elapsed * ratePerSecond)) - 1;
            return tokens >= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(-tokens / ratePerSecond);
        }
    }

    public void Forget(ObjectKey key)
    {
    }

    public int NumRequeues(ObjectKey key) => 0;
}
