using CrossAccountStreams.Operator.Runtime;
using CrossAccountStreams.Operator.Runtime.Queue;
using Microsoft.Extensions.Time.Testing;

namespace CrossAccountStreams.Operator.Tests.Runtime.Queue;

public sealed class RateLimiterTests
{
    private static readonly ObjectKey Key = new("team-a", "orders");

    [Theory]
    [InlineData(1, 5)]
    [InlineData(2, 10)]
    [InlineData(3, 20)]
    [InlineData(10, 2560)]
    [InlineData(17, 300_000)]
    [InlineData(100, 300_000)]
    public void Back_off_doubles_per_failure_from_5ms_and_never_exceeds_5_minutes(int failures, int expectedMilliseconds)
    {
        var limiter = new ExponentialBackoffRateLimiter(TimeSpan.FromMilliseconds(5), TimeSpan.FromMinutes(5), jitter: 0.1, random: () => 0);

        var delay = TimeSpan.Zero;
        for (var i = 0; i < failures; i++)
        {
            delay = limiter.When(Key);
        }

        Assert.Equal(TimeSpan.FromMilliseconds(expectedMilliseconds), delay);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.5)]
    [InlineData(0.999)]
    public void Jitter_only_shortens_a_delay_and_by_at_most_the_jitter_fraction(double random)
    {
        var limiter = new ExponentialBackoffRateLimiter(TimeSpan.FromMilliseconds(5), TimeSpan.FromMinutes(5), jitter: 0.1, random: () => random);

        for (var failure = 1; failure <= 30; failure++)
        {
            var nominal = Math.Min(5 * Math.Pow(2, failure - 1), 300_000);
            var delay = limiter.When(Key).TotalMilliseconds;
            Assert.InRange(delay, nominal * 0.9 - 0.001, nominal + 0.001);
        }
    }

    [Fact]
    public void Forget_starts_the_back_off_over_and_keys_are_independent()
    {
        var limiter = new ExponentialBackoffRateLimiter(TimeSpan.FromMilliseconds(5), TimeSpan.FromMinutes(5), jitter: 0);
        var other = new ObjectKey("team-b", "orders");
        limiter.When(Key);
        limiter.When(Key);

        Assert.Equal(TimeSpan.FromMilliseconds(5), limiter.When(other));
        limiter.Forget(Key);
        Assert.Equal(TimeSpan.FromMilliseconds(5), limiter.When(Key));
    }

    [Fact]
    public void The_overall_bucket_lets_a_burst_through_then_spaces_calls_at_the_rate()
    {
        var time = new FakeTimeProvider();
        var bucket = new TokenBucketRateLimiter(ratePerSecond: 10, burst: 100, time);

        for (var i = 0; i < 100; i++)
        {
            Assert.Equal(TimeSpan.Zero, bucket.When(new ObjectKey("ns", $"o{i}")));
        }

        Assert.Equal(TimeSpan.FromMilliseconds(100), bucket.When(Key));
        Assert.Equal(TimeSpan.FromMilliseconds(200), bucket.When(Key));

        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(TimeSpan.Zero, bucket.When(Key));
    }

    [Fact]
    public void The_combined_limiter_waits_for_the_longer_of_back_off_and_bucket()
    {
        var time = new FakeTimeProvider();
        var combined = new MaxOfRateLimiter(
            new ExponentialBackoffRateLimiter(TimeSpan.FromMilliseconds(5), TimeSpan.FromMinutes(5), jitter: 0),
            new TokenBucketRateLimiter(ratePerSecond: 1, burst: 1, time));

        Assert.Equal(TimeSpan.FromMilliseconds(5), combined.When(Key));
        Assert.Equal(TimeSpan.FromSeconds(1), combined.When(Key));
        Assert.Equal(2, combined.NumRequeues(Key));

        combined.Forget(Key);
        Assert.Equal(0, combined.NumRequeues(Key));
    }
}
