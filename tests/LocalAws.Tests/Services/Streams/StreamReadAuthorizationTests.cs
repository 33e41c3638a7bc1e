using System.Text.Json.Nodes;
using Amazon.DynamoDBv2.Model;
using LocalAws.Tests.Support;

namespace LocalAws.Tests.Services.Streams;

public sealed class StreamReadAuthorizationTests
{
    private static readonly string[] ReadActions = ["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:ListStreams"];

    private static WorldSeed WithReader() => DefaultWorld.Create() with
    {
        Accounts =
        [
            .. DefaultWorld.Create().Accounts,
            new AccountSeed
            {
                Id = "555555555555",
                Users =
                [
                    new UserSeed
                    {
                        Name = "reader",
                        Policies = [JsonNode.Parse("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["dynamodb:DescribeStream","dynamodb:GetRecords","dynamodb:GetShardIterator","dynamodb:ListStreams"],"Resource":"*"}]}""")!],
                    },
                    new UserSeed { Name = "nobody" },
                ],
                AccessKeys =
                [
                    new AccessKeySeed { AccessKeyId = "AKIAREADER0000000001", SecretAccessKey = "reader-secret", Principal = "arn:aws:iam::555555555555:user/reader" },
                    new AccessKeySeed { AccessKeyId = "AKIANOBODY0000000001", SecretAccessKey = "nobody-secret", Principal = "arn:aws:iam::555555555555:user/nobody" },
                ],
            },
        ],
    };

    [Fact]
    public async Task A_caller_from_another_account_reads_only_when_both_its_identity_policy_and_the_stream_policy_allow()
    {
        await using var server = await Servers.StartAsync(o => o.Seed = WithReader());
        var streamArn = server.World.LatestStreamArn(DefaultWorld.SourceAccountId, DefaultWorld.OrdersTableName)!;
        using var reader = new StreamsTestClient(server, new Amazon.Runtime.BasicAWSCredentials("AKIAREADER0000000001", "reader-secret"));
        using var nobody = new StreamsTestClient(server, new Amazon.Runtime.BasicAWSCredentials("AKIANOBODY0000000001", "nobody-secret"));

        var beforePolicy = await reader.ReadAllAsync(streamArn);
        using (var source = AwsClients.DynamoDb(server, AwsClients.Root(DefaultWorld.SourceAccountId)))
        {
            await source.PutResourcePolicyAsync(new PutResourcePolicyRequest
            {
                ResourceArn = streamArn,
                Policy = StreamPolicies.ReadByAll(["arn:aws:iam::555555555555:user/reader", "arn:aws:iam::555555555555:user/nobody"], ReadActions),
            });
            await source.PutItemAsync(DefaultWorld.OrdersTableName, new Dictionary<string, AttributeValue> { ["id"] = new("o-1") });
        }
        var withPolicy = await reader.ReadAllAsync(streamArn);
        var withoutIdentity = await nobody.ReadAllAsync(streamArn);

        Assert.Equal("AccessDeniedException", beforePolicy.ErrorCode);
        Assert.EndsWith("because no resource-based policy allows the dynamodb:DescribeStream action", beforePolicy.Body["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Null(withPolicy.ErrorCode);
        Assert.Single(withPolicy.Body["Records"]!.AsArray());
        Assert.Equal("AccessDeniedException", withoutIdentity.ErrorCode);
        Assert.EndsWith("because no identity-based policy allows the dynamodb:DescribeStream action", withoutIdentity.Body["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_shard_iterator_expires_after_15_minutes()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await Servers.StartAsync(o => o.TimeProvider = clock);
        var streamArn = server.World.LatestStreamArn(DefaultWorld.SourceAccountId, DefaultWorld.OrdersTableName)!;
        using var streams = new StreamsTestClient(server, AwsClients.Root(DefaultWorld.SourceAccountId));
        var shardId = (await streams.CallAsync("DescribeStream", new JsonObject { ["StreamArn"] = streamArn })).Body["StreamDescription"]!["Shards"]![0]!["ShardId"]!.GetValue<string>();
        var iterator = (await streams.CallAsync("GetShardIterator", new JsonObject { ["StreamArn"] = streamArn, ["ShardId"] = shardId, ["ShardIteratorType"] = "LATEST" })).Body["ShardIterator"]!.GetValue<string>();

        var fresh = await streams.CallAsync("GetRecords", new JsonObject { ["ShardIterator"] = iterator });
        clock.Advance(TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(1));
        var stale = await streams.CallAsync("GetRecords", new JsonObject { ["ShardIterator"] = iterator });

        Assert.Null(fresh.ErrorCode);
        Assert.NotNull(fresh.Body["NextShardIterator"]);
        Assert.Equal("ExpiredIteratorException", stale.ErrorCode);
    }
}
