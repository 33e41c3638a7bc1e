using CrossAccountStreams.Operator.Aws;
using CrossAccountStreams.Operator.Aws.Lambda;
using Microsoft.Extensions.Options;

namespace CrossAccountStreams.Operator.Tests.Aws.Lambda;

public sealed class RetryBackoffTests
{
    private static RetryBackoff Backoff(double random, int maxAttempts = 5) =>
        new(Options.Create(new AwsOptions { MaxAttempts = maxAttempts, BaseBackoff = TimeSpan.FromMilliseconds(500), MaxBackoff = TimeSpan.FromSeconds(20) }), () => random);

    [Theory]
    [InlineData(1, 0.5)]
    [InlineData(2, 1.0)]
    [InlineData(3, 2.0)]
    [InlineData(4, 4.0)]
    public void The_ceiling_doubles_with_each_retry(int retry, double ceilingSeconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(ceilingSeconds), Backoff(random: 1.0, maxAttempts: 10).DelayBeforeRetry(retry, null));
    }

    [Fact]
    public void The_ceiling_is_capped()
    {
        Assert.Equal(TimeSpan.FromSeconds(20), Backoff(random: 1.0, maxAttempts: 10).DelayBeforeRetry(9, null));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.25)]
    [InlineData(0.99)]
    public void Full_jitter_picks_anywhere_below_the_ceiling(double random)
    {
        Assert.Equal(TimeSpan.FromSeconds(2) * random, Backoff(random).DelayBeforeRetry(3, null));
    }

    [Fact]
    public void A_retry_after_from_Lambda_is_a_floor()
    {
        Assert.Equal(TimeSpan.FromSeconds(3), Backoff(random: 0.1).DelayBeforeRetry(1, TimeSpan.FromSeconds(3)));
    }

    [Fact]
    public void A_retry_after_beyond_the_cap_is_left_to_the_reconcilers_back_off()
    {
        Assert.Null(Backoff(random: 0.1).DelayBeforeRetry(1, TimeSpan.FromSeconds(60)));
    }

    [Fact]
    public void No_retry_after_the_last_attempt()
    {
        Assert.NotNull(Backoff(0.5, maxAttempts: 3).DelayBeforeRetry(2, null));
        Assert.Null(Backoff(0.5, maxAttempts: 3).DelayBeforeRetry(3, null));
    }
}
