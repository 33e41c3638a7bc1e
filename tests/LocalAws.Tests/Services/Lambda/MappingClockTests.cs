using System.Text.Json.Nodes;
using Amazon.DynamoDBv2.Model;
using LocalAws.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace LocalAws.Tests.Services.Lambda;

public sealed class MappingClockTests
{
    [Fact]
    public async Task Transitions_complete_when_the_configured_delay_has_passed_on_the_servers_clock()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await Servers.StartAsync(o =>
        {
            o.TimeProvider = clock;
            o.MappingTransitionDelay = TimeSpan.FromSeconds(30);
        });
        var streamArn = server.World.LatestStreamArn(DefaultWorld.SourceAccountId, DefaultWorld.OrdersTableName)!;
        using (var source = AwsClients.DynamoDb(server, AwsClients.Root(DefaultWorld.SourceAccountId)))
        {
            await source.PutResourcePolicyAsync(new PutResourcePolicyRequest { ResourceArn = streamArn, Policy = StreamPolicies.ReadBy(DefaultWorld.OrderProcessorExecutionRoleArn) });
        }
        using var lambda = new LambdaTestClient(server, AwsClients.Root(DefaultWorld.TargetAccountId));
        var uuid = (await lambda.CreateMappingAsync(DefaultWorld.OrderProcessorFunctionName, streamArn)).Body["UUID"]!.GetValue<string>();

        clock.Advance(TimeSpan.FromSeconds(29));
        var before = (await lambda.GetMappingAsync(uuid)).Body["State"]!.GetValue<string>();
        clock.Advance(TimeSpan.FromSeconds(1));
        var after = (await lambda.GetMappingAsync(uuid)).Body["State"]!.GetValue<string>();
        var updating = (await lambda.UpdateMappingAsync(uuid, new JsonObject { ["BatchSize"] = 50 })).Body["State"]!.GetValue<string>();

        Assert.Equal("Creating", before);
        Assert.Equal("Enabled", after);
        Assert.Equal("Updating", updating);
    }
}
