using System.Net;
using System.Text.Json.Nodes;
using LocalAws.Tests.Support;

namespace LocalAws.Tests.Admin;

public sealed class CallLogTests
{
    [Fact]
    public async Task The_call_log_records_each_call_with_its_caller_account_arn_and_outcome()
    {
        await using var server = await Servers.StartAsync();
        using var dynamo = AwsClients.DynamoDb(server, await AwsClients.SourceAsync(server, "audit"));
        await dynamo.DescribeTableAsync(DefaultWorld.OrdersTableName);
        await Assert.ThrowsAsync<Amazon.DynamoDBv2.Model.ResourceNotFoundException>(() => dynamo.DescribeTableAsync("Missing"));

        var calls = server.World.Calls;

        var assume = Assert.Single(calls, c => c.Operation == "AssumeRole");
        Assert.Equal(("sts", DefaultWorld.PlatformAccountId, DefaultWorld.OperatorSessionArn, "Success"), (assume.Service, assume.CallerAccount, assume.CallerArn, assume.Outcome));
        var describes = calls.Where(c => c.Operation == "DescribeTable").ToList();
        Assert.Equal(2, describes.Count);
        Assert.All(describes, c =>
        {
            Assert.Equal("dynamodb", c.Service);
            Assert.Equal(DefaultWorld.SourceAccountId, c.CallerAccount);
            Assert.Equal("arn:aws:sts::111111111111:assumed-role/stream-subscription-source/audit", c.CallerArn);
        });
        Assert.Equal(["Success", "ResourceNotFoundException"], describes.Select(c => c.Outcome));
    }

    [Fact]
    public async Task The_admin_api_serves_state_and_calls_and_accepts_a_seed()
    {
        await using var server = await Servers.StartAsync();
        using var http = new HttpClient { BaseAddress = server.Endpoint };
        var seed = new WorldSeed
        {
            Accounts = [new AccountSeed { Id = "444444444444", Tables = [new TableSeed { Name = "Extra", HashKey = "pk", StreamViewType = "KEYS_ONLY" }] }],
        };

        var seeded = await http.PostAsync("_localaws/seed", new StringContent(seed.ToJson()));
        var state = JsonNode.Parse(await http.GetStringAsync("_localaws/state"))!;
        var calls = JsonNode.Parse(await http.GetStringAsync("_localaws/calls"))!.AsArray();

        Assert.Equal(HttpStatusCode.OK, seeded.StatusCode);
        Assert.Contains(state["accounts"]!.AsArray(), a => a!["id"]!.GetValue<string>() == "444444444444");
        Assert.NotNull(server.World.LatestStreamArn("444444444444", "Extra"));
        Assert.Empty(calls);
    }

    [Fact]
    public async Task A_seed_with_an_error_is_refused_and_changes_nothing()
    {
        await using var server = await Servers.StartAsync();
        using var http = new HttpClient { BaseAddress = server.Endpoint };
        var seed = new WorldSeed
        {
            Accounts =
            [
                new AccountSeed
                {
                    Id = "777777777777",
                    Tables = [new TableSeed { Name = "Half", HashKey = "pk", StreamViewType = "KEYS_ONLY" }],
                    AccessKeys = [new AccessKeySeed { AccessKeyId = "AKIAHALF", SecretAccessKey = "s", Principal = "arn:aws:iam::777777777777:role/missing" }],
                },
            ],
        };

        var response = await http.PostAsync("_localaws/seed", new StringContent(seed.ToJson()));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("arn:aws:iam::777777777777:role/missing", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("777777777777", server.World.AccountIds);
    }
}
