using Microsoft.Extensions.Options;

namespace CrossAccountStreams.Operator.Aws.Lambda;

/// <summary>
/// AWS's standard retry back-off: capped exponential with full jitter, <c>random(0, min(cap, base * 2^retry))</c>.
/// A <c>retryAfterSeconds</c> from Lambda is a floor; when it exceeds the cap the call is not retried here, and the
/// reconciler's own back-off takes over.
/// </summary>
public sealed class RetryBackoff
{
    private readonly AwsOptions options;
    private readonly Func<double> random;

    public RetryBackoff(IOptions<AwsOptions> options)
        : this(options, Random.Shared.NextDouble)
    {
    }

    internal RetryBackoff(IOptions<AwsOptions> options, Func<double> random)
    {
        this.options = options.Value;
        this.random = random;
    }

    public int MaxAttempts => options.MaxAttempts;

    /// <summary>The wait before retry number <paramref name="retry"/> (1 for the first retry), or null to give up.</summary>
    public TimeSpan? DelayBeforeRetry(int retry, TimeSpan? retryAfter)
    {
        if (retry >= options.MaxAttempts || retryAfter > options.MaxBackoff)
        {
            return null;
        }

        var exponential = options.BaseBackoff * Math.Pow(2, Math.Min(retry - 1, 30));
        var ceiling = exponential < options.MaxBackoff ? exponential : options.MaxBackoff;
        var jittered = ceiling * random();
        return retryAfter is { } floor && floor > jittered ? floor : jittered;
    }
}
