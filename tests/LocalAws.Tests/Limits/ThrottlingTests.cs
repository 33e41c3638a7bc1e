using System.Net;
using LocalAws.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace LocalAws.Tests.Limits;

public sealed class ThrottlingTests
{
    [Fact]
    public async Task Lambda_mapping_calls_beyond_15_per_second_are_answered_with_429_TooManyRequests()
    {
        // A frozen clock means no refill: exactly the 15-request burst is served.
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await Servers.StartAsync(o =>
        {
            o.TimeProvider = clock;
            o.RateLimitsEnabled = true;
        });
        using var lambda = new LambdaTestClient(server, AwsClients.Root(DefaultWorld.TargetAccountId));

        var responses = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => lambda.ListMappingsAsync()));

        Assert.Equal(15, responses.Count(r => r.Status == HttpStatusCode.OK));
        var throttled = responses.Where(r => r.Status == HttpStatusCode.TooManyRequests).ToList();
        Assert.Equal(25, throttled.Count);
        Assert.All(throttled, r =>
        {
            Assert.Equal("TooManyRequestsException", r.ErrorType);
            Assert.Equal("1", r.Body["retryAfterSeconds"]!.GetValue<string>());
            Assert.Equal("CallerRateLimitExceeded", r.Body["Reason"]!.GetValue<string>());
        });
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.OK, (await lambda.ListMappingsAsync()).Status);
    }

    [Fact]
    public async Task Buckets_are_per_account()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await Servers.StartAsync(o =>
        {
            o.TimeProvider = clock;
            o.RateLimitsEnabled = true;
        });
        using var target = new LambdaTestClient(server, AwsClients.Root(DefaultWorld.TargetAccountId));
        using var other = new LambdaTestClient(server, AwsClients.Root(DefaultWorld.SourceAccountId));
        for (var i = 0; i < 15; i++)
        {
            await target.ListMappingsAsync();
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await target.ListMappingsAsync()).Status);
        Assert.Equal(HttpStatusCode.OK, (await other.ListMappingsAsync()).Status);
    }

    [Fact]
    public async Task An_injected_fault_fails_the_next_calls_of_one_operation_only()
    {
        await using var server = await Servers.StartAsync();
        using var lambda = new LambdaTestClient(server, AwsClients.Root(DefaultWorld.TargetAccountId));
        server.Faults.FailNext("lambda", "ListEventSourceMappings", 2);

        var first = await lambda.ListMappingsAsync();
        var other = await lambda.GetFunctionConfigurationAsync(DefaultWorld.OrderProcessorFunctionName);
        var second = await lambda.ListMappingsAsync();
        var third = await lambda.ListMappingsAsync();

        Assert.Equal(HttpStatusCode.InternalServerError, first.Status);
        Assert.Equal("ServiceException", first.ErrorType);
        Assert.Equal(HttpStatusCode.OK, other.Status);
        Assert.Equal(HttpStatusCode.InternalServerError, second.Status);
        Assert.Equal(HttpStatusCode.OK, third.Status);
    }

    [Fact]
    public async Task An_injected_throttle_on_DynamoDB_answers_ThrottlingException()
    {
        await using var server = await Servers.StartAsync();
        using var dynamo = AwsClients.DynamoDb(server, AwsClients.Root(DefaultWorld.SourceAccountId));
        server.Faults.Throttle("dynamodb", "DescribeTable", probability: 1);

        var error = await Assert.ThrowsAsync<Amazon.DynamoDBv2.AmazonDynamoDBException>(() => dynamo.DescribeTableAsync(DefaultWorld.OrdersTableName));
        server.Faults.Clear();
        await dynamo.DescribeTableAsync(DefaultWorld.OrdersTableName);

        Assert.Equal("ThrottlingException", error.ErrorCode);
        Assert.Equal(["ThrottlingException", "Success"], server.World.Calls.Where(c => c.Operation == "DescribeTable").Select(c => c.Outcome));
    }
}
