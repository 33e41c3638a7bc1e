using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using LocalAws.Tests.Support;

namespace LocalAws.Tests.Services.DynamoDb;

public sealed class ResourcePolicyTests
{
    private static async Task<(LocalAwsServer Server, AmazonDynamoDBClient Client, string StreamArn)> StartAsync(Action<LocalAwsOptions>? configure = null)
    {
        var server = await Servers.StartAsync(configure);
        var client = AwsClients.DynamoDb(server, await AwsClients.SourceAsync(server));
        return (server, client, server.World.LatestStreamArn(DefaultWorld.SourceAccountId, DefaultWorld.OrdersTableName)!);
    }

    [Fact]
    public async Task Put_with_NO_POLICY_creates_and_Get_returns_the_document_and_revision()
    {
        var (server, dynamo, streamArn) = await StartAsync();
        await using var _ = server;
        using var __ = dynamo;
        var policy = StreamPolicies.ReadBy(DefaultWorld.OrderProcessorExecutionRoleArn);

        var put = await dynamo.PutResourcePolicyAsync(new PutResourcePolicyRequest { ResourceArn = streamArn, Policy = policy, ExpectedRevisionId = "NO_POLICY" });
        var get = await dynamo.GetResourcePolicyAsync(new GetResourcePolicyRequest { ResourceArn = streamArn });

        Assert.False(string.IsNullOrEmpty(put.RevisionId));
        Assert.Equal(put.RevisionId, get.RevisionId);
        Assert.Equal(policy, get.Policy);
        Assert.Equal(policy, server.World.Stream(streamArn)!.Policy);
    }

    [Fact]
    public async Task Put_with_NO_POLICY_when_a_policy_exists_fails_with_PolicyNotFoundException()
    {
        var (server, dynamo, streamArn) = await StartAsync();
        await using var _ = server;
        using var __ = dynamo;
        await dynamo.PutResourcePolicyAsync(new PutResourcePolicyRequest { ResourceArn = streamArn, Policy = StreamPolicies.ReadBy(DefaultWorld.OrderProcessorExecutionRoleArn) });

        await Assert.ThrowsAsync<PolicyNotFoundException>(() => dynamo.PutResourcePolicyAsync(new PutResourcePolicyRequest
        {
            ResourceArn = streamArn,
            Policy = StreamPolicies.ReadBy(DefaultWorld.AnalyticsIngestExecutionRoleArn),
            ExpectedRevisionId = "NO_POLICY",
        }));
    }

    [Fact]
    public async Task A_stale_ExpectedRevisionId_fails_with_PolicyNotFoundException_and_leaves_the_policy_unchanged()
    {
        var (server, dynamo, streamArn) = await StartAsync();
        await using var _ = server;
        using var __ = dynamo;
        var first = await dynamo.PutResourcePolicyAsync(new PutResourcePolicyRequest { ResourceArn = streamArn, Policy = StreamPolicies.ReadBy(DefaultWorld.OrderProcessorExecutionRoleArn) });
        var second = await dynamo.PutResourcePolicyAsync(new PutResourcePolicyRequest
        {
            ResourceArn = streamArn,
            Policy = StreamPolicies.ReadBy(DefaultWorld.AnalyticsIngestExecutionRoleArn),
            ExpectedRevisionId = first.RevisionId,
        });

        await Assert.ThrowsAsync<PolicyNotFoundException>(() => dynamo.PutResourcePolicyAsync(new PutResourcePolicyRequest
        {
            ResourceArn = streamArn,
            Policy = StreamPolicies.ReadBy(DefaultWorld.OrderProcessorExecutionRoleArn),
            ExpectedRevisionId = first.RevisionId,
        }));
        await Assert.ThrowsAsync<PolicyNotFoundException>(() => dynamo.DeleteResourcePolicyAsync(new DeleteResourcePolicyRequest { ResourceArn = streamArn, ExpectedRevisionId = first.RevisionId }));
        Assert.NotEqual(first.RevisionId, second.RevisionId);
        Assert.Equal(second.RevisionId, server.World.Stream(streamArn)!.PolicyRevisionId);
    }

    [Fact]
    public async Task Putting_the_same_document_again_returns_the_same_revision()
    {
        var (server, dynamo, streamArn) = await StartAsync();
        await using var _ = server;
        using var __ = dynamo;
        var policy = StreamPolicies.ReadBy(DefaultWorld.OrderProcessorExecutionRoleArn);

        var first = await dynamo.PutResourcePolicyAsync(new PutResourcePolicyRequest { ResourceArn = streamArn, Policy = policy });
        var again = await dynamo.PutResourcePolicyAsync(new PutResourcePolicyRequest { ResourceArn = streamArn, Policy = policy });

        Assert.Equal(first.RevisionId, again.RevisionId);
    }

    [Fact]
    public async Task Get_and_Delete_with_a_revision_on_a_stream_without_policy_fail_with_PolicyNotFoundException_and_plain_Delete_succeeds()
    {
        var (server, dynamo, streamArn) = await StartAsync();
        await using var _ = server;
        using var __ = dynamo;

        await Assert.ThrowsAsync<PolicyNotFoundException>(() => dynamo.GetResourcePolicyAsync(new GetResourcePolicyRequest { ResourceArn = streamArn }));
        await Assert.ThrowsAsync<PolicyNotFoundException>(() => dynamo.DeleteResourcePolicyAsync(new DeleteResourcePolicyRequest { ResourceArn = streamArn, ExpectedRevisionId = "123" }));
        var deleted = await dynamo.DeleteResourcePolicyAsync(new DeleteResourcePolicyRequest { ResourceArn = streamArn });

        Assert.True(string.IsNullOrEmpty(deleted.RevisionId));
    }

    [Fact]
    public async Task A_policy_over_20_KB_is_rejected()
    {
        var (server, dynamo, streamArn) = await StartAsync();
        await using var _ = server;
        using var __ = dynamo;
        var policy = StreamPolicies.ReadBy(DefaultWorld.OrderProcessorExecutionRoleArn);
        var padded = policy.Insert(1, new string(' ', (20 * 1024) - policy.Length + 1));

        var error = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => dynamo.PutResourcePolicyAsync(new PutResourcePolicyRequest { ResourceArn = streamArn, Policy = padded }));
        var atLimit = await dynamo.PutResourcePolicyAsync(new PutResourcePolicyRequest { ResourceArn = streamArn, Policy = padded.Remove(1, 1) });

        Assert.Equal("ValidationException", error.ErrorCode);
        Assert.Contains("20 KB", error.Message, StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(atLimit.RevisionId));
    }

    [Theory]
    [InlineData("dynamodb:PutItem")]
    [InlineData("dynamodb:*")]
    public async Task A_stream_policy_may_grant_only_stream_read_actions(string action)
    {
        var (server, dynamo, streamArn) = await StartAsync();
        await using var _ = server;
        using var __ = dynamo;
        var policy = StreamPolicies.ReadBy(DefaultWorld.OrderProcessorExecutionRoleArn, "dynamodb:GetRecords", action);

        var error = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => dynamo.PutResourcePolicyAsync(new PutResourcePolicyRequest { ResourceArn = streamArn, Policy = policy }));

        Assert.Equal("ValidationException", error.ErrorCode);
        Assert.Equal($"One or more parameter values were invalid: Invalid policy document: The following action names are invalid: \"{action}\"", error.Message);
        Assert.Null(server.World.Stream(streamArn)!.Policy);
    }

    [Fact]
    public async Task A_principal_that_does_not_exist_is_rejected_as_an_invalid_principal()
    {
        var (server, dynamo, streamArn) = await StartAsync();
        await using var _ = server;
        using var __ = dynamo;
        var policy = StreamPolicies.ReadBy("arn:aws:iam::222222222222:role/no-such-role");

        var error = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => dynamo.PutResourcePolicyAsync(new PutResourcePolicyRequest { ResourceArn = streamArn, Policy = policy }));

        Assert.Equal("ValidationException", error.ErrorCode);
        Assert.Equal("One or more parameter values were invalid: Invalid principal in policy document.", error.Message);
    }

    [Fact]
    public async Task A_second_update_within_the_cool_down_is_refused_when_the_cool_down_is_on()
    {
        var (server, dynamo, streamArn) = await StartAsync();
        await using var _ = server;
        using var __ = dynamo;
        server.Faults.PolicyUpdateCooldown = TimeSpan.FromSeconds(15);
        await dynamo.PutResourcePolicyAsync(new PutResourcePolicyRequest { ResourceArn = streamArn, Policy = StreamPolicies.ReadBy(DefaultWorld.OrderProcessorExecutionRoleArn) });

        var error = await Assert.ThrowsAsync<ResourceInUseException>(() => dynamo.PutResourcePolicyAsync(new PutResourcePolicyRequest
        {
            ResourceArn = streamArn,
            Policy = StreamPolicies.ReadBy(DefaultWorld.AnalyticsIngestExecutionRoleArn),
        }));

        Assert.Contains("15 seconds", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_source_role_may_not_read_records_because_its_identity_policy_does_not_allow_it()
    {
        var (server, dynamo, streamArn) = await StartAsync();
        await using var _ = server;
        using var __ = dynamo;
        using var streams = new StreamsTestClient(server, await AwsClients.SourceAsync(server));

        var response = await streams.CallAsync("DescribeStream", new System.Text.Json.Nodes.JsonObject { ["StreamArn"] = streamArn });

        Assert.Equal("AccessDeniedException", response.ErrorCode);
        Assert.Contains("because no identity-based policy allows the dynamodb:DescribeStream action", response.Body["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
