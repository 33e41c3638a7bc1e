using System.Diagnostics;
using System.Net;
using LocalAws.Tests.Support;

namespace LocalAws.Tests.Faults;

public sealed class RandomLatencyTests
{
    [Fact]
    public async Task A_latency_range_delays_every_call_at_least_the_minimum_and_by_differing_amounts()
    {
        await using var server = await Servers.StartAsync();
        using var lambda = new LambdaTestClient(server, AwsClients.Root(DefaultWorld.TargetAccountId));
        server.Faults.Add(new FaultRule("lambda", "ListEventSourceMappings", FaultKind.Latency)
        {
            Latency = TimeSpan.FromMilliseconds(100),
            MaxLatency = TimeSpan.FromMilliseconds(400),
        });

        var took = new List<TimeSpan>();
        for (var i = 0; i < 8; i++)
        {
            var watch = Stopwatch.StartNew();
            Assert.Equal(HttpStatusCode.OK, (await lambda.ListMappingsAsync()).Status);
            took.Add(watch.Elapsed);
        }

        Assert.All(took, t => Assert.True(t >= TimeSpan.FromMilliseconds(100), $"a call took {t.TotalMilliseconds} ms, less than the minimum"));
        // Uniform over 300 ms: eight draws spread far more than this.
        Assert.True(took.Max() - took.Min() > TimeSpan.FromMilliseconds(30), $"delays do not vary: {string.Join(", ", took.Select(t => t.TotalMilliseconds))}");
        Assert.Equal(8, server.Faults.Injected.Of(FaultKind.Latency, "lambda"));
    }

    [Fact]
    public async Task DelayUpTo_applies_to_every_service_when_no_service_is_named()
    {
        await using var server = await Servers.StartAsync();
        using var lambda = new LambdaTestClient(server, AwsClients.Root(DefaultWorld.TargetAccountId));
        using var dynamo = AwsClients.DynamoDb(server, AwsClients.Root(DefaultWorld.SourceAccountId));
        server.Faults.DelayUpTo(null, null, TimeSpan.FromMilliseconds(5));

        await lambda.ListMappingsAsync();
        await dynamo.DescribeTableAsync(DefaultWorld.OrdersTableName);

        var injected = server.Faults.Injected;
        Assert.Equal(1, injected.Of(FaultKind.Latency, "lambda"));
        Assert.Equal(1, injected.Of(FaultKind.Latency, "dynamodb"));
        Assert.Equal(0, injected.Of(FaultKind.Throttle));
    }
}
