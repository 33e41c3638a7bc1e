using System.Net;
using System.Text.Json.Nodes;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using LocalAws.DataPlane;
using LocalAws.Tests.Support;

namespace LocalAws.Tests.DataPlane;

public sealed class DeliveryTests
{
    private static async Task<(AmazonDynamoDBClient Source, LambdaTestClient Lambda, string StreamArn)> ConnectAsync(LocalAwsServer server)
    {
        var streamArn = server.World.LatestStreamArn(DefaultWorld.SourceAccountId, DefaultWorld.OrdersTableName)!;
        var source = AwsClients.DynamoDb(server, AwsClients.Root(DefaultWorld.SourceAccountId));
        await source.PutResourcePolicyAsync(new PutResourcePolicyRequest { ResourceArn = streamArn, Policy = StreamPolicies.ReadBy(DefaultWorld.OrderProcessorExecutionRoleArn) });
        return (source, new LambdaTestClient(server, await AwsClients.TargetAsync(server)), streamArn);
    }

    private static Task PutOrderAsync(AmazonDynamoDBClient dynamo, string id, string status) =>
        dynamo.PutItemAsync(DefaultWorld.OrdersTableName, new Dictionary<string, AttributeValue> { ["id"] = new(id), ["status"] = new(status) });

    [Fact]
    public async Task Records_written_to_the_table_reach_the_function_in_batches_and_stop_when_the_policy_is_removed()
    {
        await using var server = await Servers.StartAsync();
        var (source, lambda, streamArn) = await ConnectAsync(server);
        using var _ = source;
        using var __ = lambda;
        var created = await lambda.CreateMappingAsync(DefaultWorld.OrderProcessorFunctionName, streamArn, new JsonObject { ["BatchSize"] = 2 });
        var uuid = created.Body["UUID"]!.GetValue<string>();
        Assert.Equal("Enabled", await lambda.WaitForStateAsync(uuid, "Enabled"));

        for (var i = 1; i <= 3; i++)
        {
            await PutOrderAsync(source, $"o-{i}", "new");
        }
        Assert.True(await Eventually.TrueAsync(() => server.World.InvocationsOf(DefaultWorld.OrderProcessorFunctionName).Sum(x => x.RecordCount) == 3));
        var invocations = server.World.InvocationsOf(DefaultWorld.OrderProcessorFunctionName);
        Assert.All(invocations, i => Assert.InRange(i.RecordCount, 1, 2));
        var first = invocations[0].Event["Records"]![0]!;
        Assert.Equal("INSERT", first["eventName"]!.GetValue<string>());
        Assert.Equal(streamArn, first["eventSourceARN"]!.GetValue<string>());
        Assert.Equal("o-1", first["dynamodb"]!["Keys"]!["id"]!["S"]!.GetValue<string>());
        Assert.Equal("OK", (await lambda.GetMappingAsync(uuid)).Body["LastProcessingResult"]!.GetValue<string>());

        await source.DeleteResourcePolicyAsync(new DeleteResourcePolicyRequest { ResourceArn = streamArn });
        await PutOrderAsync(source, "o-4", "new");
        Assert.True(await Eventually.TrueAsync(async () =>
            (await lambda.GetMappingAsync(uuid)).Body["LastProcessingResult"]!.GetValue<string>() == StreamPoller.PermissionProblem));
        server.Poller.PollOnce();

        Assert.Equal(3, server.World.InvocationsOf(DefaultWorld.OrderProcessorFunctionName).Sum(x => x.RecordCount));
    }

    [Fact]
    public async Task Only_records_matching_a_filter_are_delivered()
    {
        await using var server = await Servers.StartAsync();
        var (source, lambda, streamArn) = await ConnectAsync(server);
        using var _ = source;
        using var __ = lambda;
        var filter = new JsonObject
        {
            ["Filters"] = new JsonArray(new JsonObject { ["Pattern"] = """{"dynamodb":{"NewImage":{"status":{"S":["paid"]}}}}""" }),
        };
        var uuid = (await lambda.CreateMappingAsync(DefaultWorld.OrderProcessorFunctionName, streamArn, new JsonObject { ["FilterCriteria"] = filter })).Body["UUID"]!.GetValue<string>();
        await lambda.WaitForStateAsync(uuid, "Enabled");

        await PutOrderAsync(source, "o-1", "new");
        await PutOrderAsync(source, "o-2", "paid");
        await PutOrderAsync(source, "o-3", "paid");

        Assert.True(await Eventually.TrueAsync(() => server.World.InvocationsOf(DefaultWorld.OrderProcessorFunctionArn).Sum(x => x.RecordCount) == 2));
        server.Poller.PollOnce();
        var ids = server.World.InvocationsOf(DefaultWorld.OrderProcessorFunctionArn)
            .SelectMany(i => i.Event["Records"]!.AsArray())
            .Select(r => r!["dynamodb"]!["Keys"]!["id"]!["S"]!.GetValue<string>());
        Assert.Equal(["o-2", "o-3"], ids);
    }

    [Fact]
    public async Task A_disabled_mapping_delivers_nothing_and_LATEST_skips_records_written_before_creation()
    {
        await using var server = await Servers.StartAsync();
        var (source, lambda, streamArn) = await ConnectAsync(server);
        using var _ = source;
        using var __ = lambda;
        await PutOrderAsync(source, "before", "new");
        var uuid = (await lambda.CreateMappingAsync(DefaultWorld.OrderProcessorFunctionName, streamArn,
            new JsonObject { ["StartingPosition"] = "LATEST", ["Enabled"] = false })).Body["UUID"]!.GetValue<string>();
        Assert.Equal("Disabled", await lambda.WaitForStateAsync(uuid, "Disabled"));

        await PutOrderAsync(source, "after", "new");
        server.Poller.PollOnce();
        Assert.Empty(server.World.Invocations);
        Assert.Equal(HttpStatusCode.Accepted, (await lambda.UpdateMappingAsync(uuid, new JsonObject { ["Enabled"] = true })).Status);
        await lambda.WaitForStateAsync(uuid, "Enabled");

        Assert.True(await Eventually.TrueAsync(() => server.World.Invocations.Count == 1));
        var records = server.World.Invocations[0].Event["Records"]!.AsArray();
        Assert.Equal("after", Assert.Single(records)!["dynamodb"]!["Keys"]!["id"]!["S"]!.GetValue<string>());
    }
}
