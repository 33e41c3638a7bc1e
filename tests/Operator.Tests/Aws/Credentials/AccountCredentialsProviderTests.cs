using CrossAccountStreams.Operator.Aws;
using CrossAccountStreams.Operator.Aws.Credentials;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CrossAccountStreams.Operator.Tests.Aws.Credentials;

public sealed class AccountCredentialsProviderTests
{
    private static readonly AwsAccountAccess Source = new("111111111111", "arn:aws:iam::111111111111:role/stream-subscription-source", "source-external-id", "eu-west-1");
    private static readonly AwsScope OrdersScope = new(Source, new SessionContext("orders", "orders-to-processor"));

    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));
    private readonly CountingRoleAssumer sts;
    private readonly AccountCredentialsProvider provider;

    public AccountCredentialsProviderTests()
    {
        sts = new CountingRoleAssumer(time);
        provider = new AccountCredentialsProvider(sts, Options.Create(new AwsOptions { ClusterName = "prod-eu", RefreshBeforeExpiry = TimeSpan.FromMinutes(5) }), time);
    }

    [Fact]
    public async Task A_session_is_assumed_once_with_the_external_ID_and_tags_and_then_reused()
    {
        var first = await provider.GetAsync(OrdersScope, CancellationToken.None);
        var second = await provider.GetAsync(OrdersScope, CancellationToken.None);

        Assert.Same(first, second);
        var input = Assert.Single(sts.Inputs);
        Assert.Equal(Source.RoleArn, input.RoleArn);
        Assert.Equal("source-external-id", input.ExternalId);
        Assert.Equal("prod-eu.orders.orders-to-processor", input.RoleSessionName);
        Assert.Equal(
            [new(SessionNaming.ClusterTagKey, "prod-eu"), new(SessionNaming.NamespaceTagKey, "orders"), new(SessionNaming.NameTagKey, "orders-to-processor")],
            input.SessionTags);
        Assert.Equal("eu-west-1", input.Region);
    }

    [Fact]
    public async Task A_session_is_renewed_shortly_before_it_expires()
    {
        await provider.GetAsync(OrdersScope, CancellationToken.None);

        time.Advance(TimeSpan.FromMinutes(54));
        await provider.GetAsync(OrdersScope, CancellationToken.None);
        Assert.Single(sts.Inputs);

        time.Advance(TimeSpan.FromMinutes(2)); // 4 minutes before expiry
        await provider.GetAsync(OrdersScope, CancellationToken.None);
        Assert.Equal(2, sts.Inputs.Count);
    }

    [Fact]
    public async Task Different_objects_get_different_sessions()
    {
        await provider.GetAsync(OrdersScope, CancellationToken.None);
        await provider.GetAsync(OrdersScope with { Session = new SessionContext("orders", "other") }, CancellationToken.None);

        Assert.Equal(2, sts.Inputs.Count);
    }

    [Fact]
    public async Task Concurrent_callers_share_one_AssumeRole()
    {
        sts.Delay = TimeSpan.FromMilliseconds(50);

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => provider.GetAsync(OrdersScope, CancellationToken.None)));

        Assert.Single(sts.Inputs);
    }

    private sealed class CountingRoleAssumer(TimeProvider time) : IRoleAssumer
    {
        public List<AssumeRoleInput> Inputs { get; } = [];

        public TimeSpan Delay { get; set; }

        public async Task<TemporaryCredentials> AssumeRoleAsync(AssumeRoleInput input, CancellationToken cancellationToken)
        {
            lock (Inputs)
            {
                Inputs.Add(input);
            }

            if (Delay > TimeSpan.Zero)
            {
                await Task.Delay(Delay, cancellationToken);
            }

            return new TemporaryCredentials($"ASIA{Inputs.Count}", "secret", "token", time.GetUtcNow() + input.Duration);
        }

        public Task<CallerIdentity> GetCallerIdentityAsync(AwsAccountAccess account, TemporaryCredentials credentials, CancellationToken cancellationToken) =>
            throw new NotSupportedException();
    }
}

public sealed class SessionNamingTests
{
    [Theory]
    [InlineData("prod", null, null, "prod")]
    [InlineData("prod", "orders", "orders-to-processor", "prod.orders.orders-to-processor")]
    [InlineData("my cluster/1", "ns", "a", "my-cluster-1.ns.a")]
    [InlineData("x", null, null, "x-")]
    public void Session_names_use_only_the_characters_STS_allows(string cluster, string? ns, string? name, string expected)
    {
        var sessionName = SessionNaming.RoleSessionName(cluster, new SessionContext(ns, name));

        Assert.Equal(expected, sessionName);
        Assert.Matches(@"^[\w+=,.@-]{2,64}$", sessionName);
    }

    [Fact]
    public void Long_session_names_are_cut_to_64_characters_and_stay_distinct()
    {
        var a = SessionNaming.RoleSessionName("cluster", new SessionContext(new string('n', 63), new string('a', 200)));
        var b = SessionNaming.RoleSessionName("cluster", new SessionContext(new string('n', 63), new string('a', 199) + "b"));

        Assert.Equal(64, a.Length);
        Assert.Matches(@"^[\w+=,.@-]{2,64}$", a);
        Assert.NotEqual(a, b);
    }

    [Fact]
    public void Tag_values_are_sanitised_and_cut_to_256_characters()
    {
        Assert.Equal("a-b c_d.e:f/g=h+i-j@k", SessionNaming.TagValue("a#b c_d.e:f/g=h+i-j@k"));
        Assert.Equal(256, SessionNaming.TagValue(new string('v', 300)).Length);
    }
}
