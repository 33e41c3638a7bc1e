using CrossAccountStreams.Operator.Aws;
using CrossAccountStreams.Operator.Aws.Caching;
using CrossAccountStreams.Operator.Aws.Lambda;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CrossAccountStreams.Operator.Tests.Aws.Caching;

public sealed class CachingFunctionConfigurationReaderTests
{
    private static readonly AwsAccountAccess Target = new("222222222222", "arn:aws:iam::222222222222:role/stream-subscription-target", "target-external-id", "eu-west-1");
    private static readonly AwsAccountAccess OtherTarget = new("444444444444", "arn:aws:iam::444444444444:role/stream-subscription-target", "other-external-id", "eu-west-1");

    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));
    private readonly CountingReader lambda = new();

    [Fact]
    public async Task Subscriptions_of_one_namespace_feeding_one_function_share_one_read()
    {
        var reader = Reader(TimeSpan.FromSeconds(60));

        var first = await reader.GetAsync(Scope(Target, "orders", "a"), "order-processor", CancellationToken.None);
        var second = await reader.GetAsync(Scope(Target, "orders", "b"), "order-processor", CancellationToken.None);

        Assert.Equal("arn:aws:iam::222222222222:role/order-processor-exec", first?.Role);
        Assert.Same(first, second);
        Assert.Equal(1, lambda.Calls);
    }

    [Theory]
    [InlineData("another namespace", "analytics", "222222222222", "order-processor")]
    [InlineData("another account", "orders", "444444444444", "order-processor")]
    [InlineData("another function", "orders", "222222222222", "analytics-ingest")]
    public async Task A_read_is_not_reused_for(string difference, string ns, string account, string function)
    {
        var reader = Reader(TimeSpan.FromSeconds(60));
        await reader.GetAsync(Scope(Target, "orders", "a"), "order-processor", CancellationToken.None);

        await reader.GetAsync(Scope(account == Target.AccountId ? Target : OtherTarget, ns, "b"), function, CancellationToken.None);

        Assert.True(lambda.Calls == 2, $"{difference}: expected a second read, got {lambda.Calls} reads");
    }

    [Fact]
    public async Task The_function_is_read_again_once_the_cache_duration_has_passed()
    {
        var reader = Reader(TimeSpan.FromSeconds(60));
        await reader.GetAsync(Scope(Target, "orders", "a"), "order-processor", CancellationToken.None);
        lambda.Role = "arn:aws:iam::222222222222:role/new-exec";

        time.Advance(TimeSpan.FromSeconds(59));
        var stillCached = await reader.GetAsync(Scope(Target, "orders", "a"), "order-processor", CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(1));
        var reread = await reader.GetAsync(Scope(Target, "orders", "a"), "order-processor", CancellationToken.None);

        Assert.Equal("arn:aws:iam::222222222222:role/order-processor-exec", stillCached?.Role);
        Assert.Equal("arn:aws:iam::222222222222:role/new-exec", reread?.Role);
        Assert.Equal(2, lambda.Calls);
    }

    [Fact]
    public async Task A_missing_function_is_not_remembered_so_creating_it_is_noticed_on_the_next_pass()
    {
        var reader = Reader(TimeSpan.FromSeconds(60));
        lambda.Exists = false;
        Assert.Null(await reader.GetAsync(Scope(Target, "orders", "a"), "order-processor", CancellationToken.None));

        lambda.Exists = true;
        var created = await reader.GetAsync(Scope(Target, "orders", "a"), "order-processor", CancellationToken.None);

        Assert.NotNull(created);
        Assert.Equal(2, lambda.Calls);
    }

    [Fact]
    public async Task A_zero_duration_reads_the_function_on_every_pass()
    {
        var reader = Reader(TimeSpan.Zero);

        await reader.GetAsync(Scope(Target, "orders", "a"), "order-processor", CancellationToken.None);
        await reader.GetAsync(Scope(Target, "orders", "a"), "order-processor", CancellationToken.None);

        Assert.Equal(2, lambda.Calls);
    }

    private CachingFunctionConfigurationReader Reader(TimeSpan duration) =>
        new(lambda, Options.Create(new AwsOptions { FunctionConfigurationCacheDuration = duration }), time);

    private static AwsScope Scope(AwsAccountAccess account, string ns, string name) => new(account, new SessionContext(ns, name));

    private sealed class CountingReader : IFunctionConfigurationReader
    {
        public int Calls { get; private set; }

        public bool Exists { get; set; } = true;

        public string Role { get; set; } = "arn:aws:iam::222222222222:role/order-processor-exec";

        public Task<FunctionConfiguration?> GetAsync(AwsScope scope, string functionName, CancellationToken cancellationToken)
        {
            Calls++;
            return Task.FromResult(Exists
                ? new FunctionConfiguration { FunctionName = functionName, FunctionArn = $"arn:aws:lambda:eu-west-1:{scope.Account.AccountId}:function:{functionName}", Role = Role }
                : null);
        }
    }
}
