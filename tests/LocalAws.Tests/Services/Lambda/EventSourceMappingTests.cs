using System.Net;
using System.Text.Json.Nodes;
using Amazon.DynamoDBv2.Model;
using LocalAws.Tests.Support;

namespace LocalAws.Tests.Services.Lambda;

public sealed class EventSourceMappingTests
{
    private static string OrdersStream(LocalAwsServer server) =>
        server.World.LatestStreamArn(DefaultWorld.SourceAccountId, DefaultWorld.OrdersTableName)!;

    private static async Task GrantAsync(LocalAwsServer server, string streamArn, params string[] roleArns)
    {
        using var dynamo = AwsClients.DynamoDb(server, await AwsClients.SourceAsync(server));
        await dynamo.PutResourcePolicyAsync(new PutResourcePolicyRequest { ResourceArn = streamArn, Policy = StreamPolicies.ReadByAll(roleArns) });
    }

    [Fact]
    public async Task Cross_account_mapping_is_refused_without_a_stream_policy_and_accepted_with_one()
    {
        await using var server = await Servers.StartAsync();
        var streamArn = OrdersStream(server);
        using var lambda = new LambdaTestClient(server, await AwsClients.TargetAsync(server));

        var refused = await lambda.CreateMappingAsync(DefaultWorld.OrderProcessorFunctionName, streamArn);
        await GrantAsync(server, streamArn, DefaultWorld.OrderProcessorExecutionRoleArn);
        var accepted = await lambda.CreateMappingAsync(DefaultWorld.OrderProcessorFunctionName, streamArn);

        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Equal("InvalidParameterValueException", refused.ErrorType);
        Assert.Equal($"Cannot access stream {streamArn}. Please ensure the role can perform the GetRecords, GetShardIterator, DescribeStream, and ListStreams Actions on your stream in IAM.", refused.Message);
        Assert.Equal(HttpStatusCode.Accepted, accepted.Status);
        Assert.Equal("Creating", accepted.Body["State"]!.GetValue<string>());
        Assert.Equal(streamArn, accepted.Body["EventSourceArn"]!.GetValue<string>());
        Assert.Equal(DefaultWorld.OrderProcessorFunctionArn, accepted.Body["FunctionArn"]!.GetValue<string>());
        var uuid = accepted.Body["UUID"]!.GetValue<string>();
        Assert.Equal($"arn:aws:lambda:eu-west-1:222222222222:event-source-mapping:{uuid}", accepted.Body["EventSourceMappingArn"]!.GetValue<string>());
        Assert.Equal(100, accepted.Body["BatchSize"]!.GetValue<int>());
        Assert.Equal(-1, accepted.Body["MaximumRetryAttempts"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_stream_policy_for_a_different_role_does_not_let_the_function_read()
    {
        await using var server = await Servers.StartAsync();
        var streamArn = OrdersStream(server);
        await GrantAsync(server, streamArn, DefaultWorld.AnalyticsIngestExecutionRoleArn);
        using var lambda = new LambdaTestClient(server, await AwsClients.TargetAsync(server));

        var refused = await lambda.CreateMappingAsync(DefaultWorld.OrderProcessorFunctionName, streamArn);

        Assert.Equal("InvalidParameterValueException", refused.ErrorType);
    }

    [Fact]
    public async Task A_mapping_moves_from_Creating_to_Enabled_then_through_Disabling_to_Disabled_and_Deleting_to_gone()
    {
        await using var server = await Servers.StartAsync();
        var streamArn = OrdersStream(server);
        await GrantAsync(server, streamArn, DefaultWorld.OrderProcessorExecutionRoleArn);
        using var lambda = new LambdaTestClient(server, await AwsClients.TargetAsync(server));
        var uuid = (await lambda.CreateMappingAsync(DefaultWorld.OrderProcessorFunctionName, streamArn)).Body["UUID"]!.GetValue<string>();

        Assert.Equal("Enabled", await lambda.WaitForStateAsync(uuid, "Enabled"));
        var disabling = await lambda.UpdateMappingAsync(uuid, new JsonObject { ["Enabled"] = false, ["BatchSize"] = 10 });
        Assert.Equal(HttpStatusCode.Accepted, disabling.Status);
        Assert.Equal("Disabling", disabling.Body["State"]!.GetValue<string>());
        Assert.Equal(10, disabling.Body["BatchSize"]!.GetValue<int>());
        Assert.Equal("Disabled", await lambda.WaitForStateAsync(uuid, "Disabled"));
        var deleting = await lambda.DeleteMappingAsync(uuid);
        Assert.Equal("Deleting", deleting.Body["State"]!.GetValue<string>());
        Assert.Equal("(gone)", await lambda.WaitForStateAsync(uuid, "(gone)"));
        Assert.Equal("ResourceNotFoundException", (await lambda.GetMappingAsync(uuid)).ErrorType);
    }

    [Fact]
    public async Task Updating_or_deleting_while_Creating_is_ResourceInUse()
    {
        await using var server = await Servers.StartAsync(o => o.MappingTransitionDelay = TimeSpan.FromMinutes(5));
        var streamArn = OrdersStream(server);
        await GrantAsync(server, streamArn, DefaultWorld.OrderProcessorExecutionRoleArn);
        using var lambda = new LambdaTestClient(server, await AwsClients.TargetAsync(server));
        var uuid = (await lambda.CreateMappingAsync(DefaultWorld.OrderProcessorFunctionName, streamArn)).Body["UUID"]!.GetValue<string>();

        var update = await lambda.UpdateMappingAsync(uuid, new JsonObject { ["BatchSize"] = 5 });
        var delete = await lambda.DeleteMappingAsync(uuid);

        Assert.Equal("ResourceInUseException", update.ErrorType);
        Assert.Equal("ResourceInUseException", delete.ErrorType);
        Assert.Equal("Creating", server.World.Mapping(uuid)!.State);
    }

    [Fact]
    public async Task A_second_mapping_for_the_same_stream_and_function_conflicts_and_names_the_existing_uuid()
    {
        await using var server = await Servers.StartAsync();
        var streamArn = OrdersStream(server);
        await GrantAsync(server, streamArn, DefaultWorld.OrderProcessorExecutionRoleArn);
        using var lambda = new LambdaTestClient(server, await AwsClients.TargetAsync(server));
        var uuid = (await lambda.CreateMappingAsync(DefaultWorld.OrderProcessorFunctionName, streamArn)).Body["UUID"]!.GetValue<string>();

        var duplicate = await lambda.CreateMappingAsync(DefaultWorld.OrderProcessorFunctionArn, streamArn);

        Assert.Equal(HttpStatusCode.Conflict, duplicate.Status);
        Assert.Equal("ResourceConflictException", duplicate.ErrorType);
        Assert.EndsWith($"Please update or delete the existing mapping with UUID {uuid}", duplicate.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("BatchSize", 0, "ValidationException")]
    [InlineData("BatchSize", 10001, "ValidationException")]
    [InlineData("ParallelizationFactor", 11, "ValidationException")]
    [InlineData("MaximumBatchingWindowInSeconds", 301, "ValidationException")]
    [InlineData("MaximumRecordAgeInSeconds", 30, "InvalidParameterValueException")]
    [InlineData("TumblingWindowInSeconds", 901, "ValidationException")]
    public async Task Settings_outside_Lambda_ranges_are_refused_and_nothing_is_created(string field, int value, string errorType)
    {
        await using var server = await Servers.StartAsync();
        var streamArn = OrdersStream(server);
        await GrantAsync(server, streamArn, DefaultWorld.OrderProcessorExecutionRoleArn);
        using var lambda = new LambdaTestClient(server, await AwsClients.TargetAsync(server));

        var response = await lambda.CreateMappingAsync(DefaultWorld.OrderProcessorFunctionName, streamArn, new JsonObject { [field] = value });

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal(errorType, response.ErrorType);
        Assert.Empty(server.World.Mappings);
    }

    [Fact]
    public async Task An_unknown_function_is_ResourceNotFound()
    {
        await using var server = await Servers.StartAsync();
        var streamArn = OrdersStream(server);
        using var lambda = new LambdaTestClient(server, await AwsClients.TargetAsync(server));

        var response = await lambda.CreateMappingAsync("no-such-function", streamArn);

        Assert.Equal(HttpStatusCode.NotFound, response.Status);
        Assert.Equal("ResourceNotFoundException", response.ErrorType);
    }

    [Fact]
    public async Task Mappings_are_listed_by_function_and_source_and_paged_with_Marker()
    {
        await using var server = await Servers.StartAsync();
        var orders = OrdersStream(server);
        var payments = server.World.LatestStreamArn(DefaultWorld.SecondSourceAccountId, DefaultWorld.PaymentsTableName)!;
        await GrantAsync(server, orders, DefaultWorld.OrderProcessorExecutionRoleArn, DefaultWorld.AnalyticsIngestExecutionRoleArn);
        using (var dynamoB = AwsClients.DynamoDb(server, await AwsClients.AssumeAsync(server, DefaultWorld.SecondSourceRoleArn, DefaultWorld.SecondSourceExternalId)))
        {
            await dynamoB.PutResourcePolicyAsync(new PutResourcePolicyRequest { ResourceArn = payments, Policy = StreamPolicies.ReadBy(DefaultWorld.OrderProcessorExecutionRoleArn) });
        }
        using var lambda = new LambdaTestClient(server, await AwsClients.TargetAsync(server));
        Assert.Equal(HttpStatusCode.Accepted, (await lambda.CreateMappingAsync(DefaultWorld.OrderProcessorFunctionName, orders)).Status);
        Assert.Equal(HttpStatusCode.Accepted, (await lambda.CreateMappingAsync(DefaultWorld.OrderProcessorFunctionName, payments)).Status);
        Assert.Equal(HttpStatusCode.Accepted, (await lambda.CreateMappingAsync(DefaultWorld.AnalyticsIngestFunctionName, orders)).Status);

        var byFunction = await lambda.ListMappingsAsync($"?FunctionName={DefaultWorld.OrderProcessorFunctionName}");
        var bySource = await lambda.ListMappingsAsync($"?EventSourceArn={Uri.EscapeDataString(orders)}");
        var firstPage = await lambda.ListMappingsAsync("?MaxItems=2");
        var secondPage = await lambda.ListMappingsAsync($"?MaxItems=2&Marker={firstPage.Body["NextMarker"]!.GetValue<string>()}");

        Assert.Equal(2, byFunction.Body["EventSourceMappings"]!.AsArray().Count);
        Assert.Equal(2, bySource.Body["EventSourceMappings"]!.AsArray().Count);
        Assert.Equal(2, firstPage.Body["EventSourceMappings"]!.AsArray().Count);
        Assert.Single(secondPage.Body["EventSourceMappings"]!.AsArray());
        Assert.Null(secondPage.Body["NextMarker"]);
    }

    [Fact]
    public async Task GetFunctionConfiguration_returns_the_execution_role_and_resolves_an_alias()
    {
        await using var server = await Servers.StartAsync();
        using var lambda = new LambdaTestClient(server, await AwsClients.TargetAsync(server));

        var latest = await lambda.GetFunctionConfigurationAsync(DefaultWorld.OrderProcessorFunctionName);
        var alias = await lambda.GetFunctionConfigurationAsync(DefaultWorld.OrderProcessorFunctionName + ":live");

        Assert.Equal(HttpStatusCode.OK, latest.Status);
        Assert.Equal(DefaultWorld.OrderProcessorExecutionRoleArn, latest.Body["Role"]!.GetValue<string>());
        Assert.Equal(DefaultWorld.OrderProcessorFunctionArn, latest.Body["FunctionArn"]!.GetValue<string>());
        Assert.Equal(DefaultWorld.OrderProcessorFunctionArn + ":live", alias.Body["FunctionArn"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_source_role_has_no_Lambda_permissions()
    {
        await using var server = await Servers.StartAsync();
        using var lambda = new LambdaTestClient(server, await AwsClients.AssumeAsync(server, DefaultWorld.TargetRoleArn, DefaultWorld.TargetExternalId));
        using var wrong = new LambdaTestClient(server, await AwsClients.SourceAsync(server));

        var denied = await wrong.ListMappingsAsync();

        Assert.Equal(HttpStatusCode.Forbidden, denied.Status);
        Assert.Equal("AccessDeniedException", denied.ErrorType);
        Assert.Equal(HttpStatusCode.OK, (await lambda.ListMappingsAsync()).Status);
    }

    [Fact]
    public async Task Tags_given_at_create_are_listed_and_changed_and_UntagResource_needs_its_own_permission()
    {
        await using var server = await Servers.StartAsync();
        var streamArn = OrdersStream(server);
        await GrantAsync(server, streamArn, DefaultWorld.OrderProcessorExecutionRoleArn);
        using var lambda = new LambdaTestClient(server, await AwsClients.TargetAsync(server));
        var created = await lambda.CreateMappingAsync(DefaultWorld.OrderProcessorFunctionName, streamArn,
            new JsonObject { ["Tags"] = new JsonObject { ["owner"] = "operator", ["team"] = "a", ["tier"] = "1" } });
        var tagsPath = "2017-03-31/tags/" + Uri.EscapeDataString(created.Body["EventSourceMappingArn"]!.GetValue<string>());

        var tagged = await lambda.SendAsync(HttpMethod.Post, tagsPath, new JsonObject { ["Tags"] = new JsonObject { ["team"] = "b" } });
        var deniedUntag = await lambda.SendAsync(HttpMethod.Delete, tagsPath + "?tagKeys=owner&tagKeys=tier");
        using var root = new LambdaTestClient(server, AwsClients.Root(DefaultWorld.TargetAccountId));
        var untagged = await root.SendAsync(HttpMethod.Delete, tagsPath + "?tagKeys=owner&tagKeys=tier");
        var listed = await lambda.SendAsync(HttpMethod.Get, tagsPath);

        Assert.Equal(HttpStatusCode.NoContent, tagged.Status);
        Assert.Equal("AccessDeniedException", deniedUntag.ErrorType);
        Assert.Equal(HttpStatusCode.NoContent, untagged.Status);
        Assert.Equal("""{"team":"b"}""", listed.Body["Tags"]!.ToJsonString());
    }

    [Fact]
    public async Task A_stream_in_another_region_is_refused()
    {
        await using var server = await Servers.StartAsync();
        var otherRegion = OrdersStream(server).Replace(":eu-west-1:", ":us-east-1:", StringComparison.Ordinal);
        using var lambda = new LambdaTestClient(server, await AwsClients.TargetAsync(server));

        var response = await lambda.CreateMappingAsync(DefaultWorld.OrderProcessorFunctionName, otherRegion);

        Assert.Equal("InvalidParameterValueException", response.ErrorType);
        Assert.StartsWith("Cross-region triggers are not supported.", response.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetFunction_returns_the_configuration_and_the_function_tags()
    {
        await using var server = await Servers.StartAsync();
        using var lambda = new LambdaTestClient(server, await AwsClients.TargetAsync(server));

        var function = await lambda.SendAsync(HttpMethod.Get, "2015-03-31/functions/analytics-ingest?Qualifier=%24LATEST");
        var missing = await lambda.SendAsync(HttpMethod.Get, "2015-03-31/functions/analytics-ingest?Qualifier=nope");

        Assert.Equal(HttpStatusCode.OK, function.Status);
        Assert.Equal(DefaultWorld.AnalyticsIngestExecutionRoleArn, function.Body["Configuration"]!["Role"]!.GetValue<string>());
        Assert.Equal("$LATEST", function.Body["Configuration"]!["Version"]!.GetValue<string>());
        Assert.NotNull(function.Body["Tags"]);
        Assert.Equal(HttpStatusCode.NotFound, missing.Status);
        Assert.Equal($"Function not found: {DefaultWorld.AnalyticsIngestFunctionArn}:nope", missing.Message);
    }
}
