using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using LocalAws.Tests.Support;

namespace LocalAws.Tests.Services.DynamoDb;

public sealed class StreamLifecycleTests
{
    [Fact]
    public async Task The_default_table_reports_its_stream_arn_and_label()
    {
        await using var server = await Servers.StartAsync();
        using var dynamo = AwsClients.DynamoDb(server, await AwsClients.SourceAsync(server));

        var table = (await dynamo.DescribeTableAsync(DefaultWorld.OrdersTableName)).Table;

        Assert.Equal($"arn:aws:dynamodb:eu-west-1:111111111111:table/Orders/stream/{table.LatestStreamLabel}", table.LatestStreamArn);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}$", table.LatestStreamLabel);
        Assert.True(table.StreamSpecification.StreamEnabled);
        Assert.Equal(StreamViewType.NEW_AND_OLD_IMAGES, table.StreamSpecification.StreamViewType);
    }

    [Fact]
    public async Task Disabling_and_re_enabling_the_stream_gives_a_new_stream_arn()
    {
        await using var server = await Servers.StartAsync();
        using var dynamo = AwsClients.DynamoDb(server, AwsClients.Root(DefaultWorld.SourceAccountId));
        var before = (await dynamo.DescribeTableAsync(DefaultWorld.OrdersTableName)).Table.LatestStreamArn;

        await dynamo.UpdateTableAsync(new UpdateTableRequest { TableName = DefaultWorld.OrdersTableName, StreamSpecification = new StreamSpecification { StreamEnabled = false } });
        var disabled = (await dynamo.DescribeTableAsync(DefaultWorld.OrdersTableName)).Table;
        await dynamo.UpdateTableAsync(new UpdateTableRequest
        {
            TableName = DefaultWorld.OrdersTableName,
            StreamSpecification = new StreamSpecification { StreamEnabled = true, StreamViewType = StreamViewType.NEW_IMAGE },
        });
        var after = (await dynamo.DescribeTableAsync(DefaultWorld.OrdersTableName)).Table;

        Assert.Equal(before, disabled.LatestStreamArn);
        Assert.Null(disabled.StreamSpecification);
        Assert.NotEqual(before, after.LatestStreamArn);
        Assert.Equal("DISABLED", server.World.Stream(before)!.Status);
        Assert.Equal("ENABLED", server.World.Stream(after.LatestStreamArn)!.Status);
    }

    [Fact]
    public async Task Enabling_an_enabled_stream_is_ResourceInUse_and_disabling_a_missing_one_is_a_validation_error()
    {
        await using var server = await Servers.StartAsync();
        using var dynamo = AwsClients.DynamoDb(server, AwsClients.Root(DefaultWorld.SourceAccountId));
        await dynamo.CreateTableAsync(new CreateTableRequest
        {
            TableName = "NoStream",
            KeySchema = [new KeySchemaElement("pk", KeyType.HASH)],
            AttributeDefinitions = [new AttributeDefinition("pk", ScalarAttributeType.S)],
            BillingMode = BillingMode.PAY_PER_REQUEST,
        });

        await Assert.ThrowsAsync<ResourceInUseException>(() => dynamo.UpdateTableAsync(new UpdateTableRequest
        {
            TableName = DefaultWorld.OrdersTableName,
            StreamSpecification = new StreamSpecification { StreamEnabled = true, StreamViewType = StreamViewType.KEYS_ONLY },
        }));
        var error = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => dynamo.UpdateTableAsync(new UpdateTableRequest
        {
            TableName = "NoStream",
            StreamSpecification = new StreamSpecification { StreamEnabled = false },
        }));
        Assert.Equal("ValidationException", error.ErrorCode);
    }

    [Fact]
    public async Task Item_writes_become_stream_records_with_the_images_of_the_view_type()
    {
        await using var server = await Servers.StartAsync();
        var root = AwsClients.Root(DefaultWorld.SourceAccountId);
        using var dynamo = AwsClients.DynamoDb(server, root);
        using var streams = new StreamsTestClient(server, root);
        var streamArn = server.World.LatestStreamArn(DefaultWorld.SourceAccountId, DefaultWorld.OrdersTableName)!;

        await dynamo.PutItemAsync(DefaultWorld.OrdersTableName, new Dictionary<string, AttributeValue> { ["id"] = new("o-1"), ["status"] = new("new") });
        await dynamo.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = DefaultWorld.OrdersTableName,
            Key = new Dictionary<string, AttributeValue> { ["id"] = new("o-1") },
            UpdateExpression = "SET #s = :s",
            ExpressionAttributeNames = new Dictionary<string, string> { ["#s"] = "status" },
            ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":s"] = new("paid") },
        });
        await dynamo.DeleteItemAsync(DefaultWorld.OrdersTableName, new Dictionary<string, AttributeValue> { ["id"] = new("o-1") });
        var records = (await streams.ReadAllAsync(streamArn)).Body["Records"]!.AsArray();

        Assert.Equal(["INSERT", "MODIFY", "REMOVE"], records.Select(r => r!["eventName"]!.GetValue<string>()));
        Assert.Equal("paid", records[1]!["dynamodb"]!["NewImage"]!["status"]!["S"]!.GetValue<string>());
        Assert.Equal("new", records[1]!["dynamodb"]!["OldImage"]!["status"]!["S"]!.GetValue<string>());
        Assert.Null(records[2]!["dynamodb"]!["NewImage"]);
    }

    [Fact]
    public async Task CreateTable_with_a_stream_specification_creates_a_stream_the_owner_can_describe()
    {
        await using var server = await Servers.StartAsync();
        var root = AwsClients.Root(DefaultWorld.SourceAccountId);
        using var dynamo = AwsClients.DynamoDb(server, root);
        using var streams = new StreamsTestClient(server, root);

        var created = await dynamo.CreateTableAsync(new CreateTableRequest
        {
            TableName = "Invoices",
            KeySchema = [new KeySchemaElement("pk", KeyType.HASH), new KeySchemaElement("sk", KeyType.RANGE)],
            AttributeDefinitions = [new AttributeDefinition("pk", ScalarAttributeType.S), new AttributeDefinition("sk", ScalarAttributeType.N)],
            BillingMode = BillingMode.PAY_PER_REQUEST,
            StreamSpecification = new StreamSpecification { StreamEnabled = true, StreamViewType = StreamViewType.KEYS_ONLY },
        });
        var described = await streams.CallAsync("DescribeStream", new System.Text.Json.Nodes.JsonObject { ["StreamArn"] = created.TableDescription.LatestStreamArn });

        Assert.Equal(TableStatus.ACTIVE, created.TableDescription.TableStatus);
        Assert.Equal("ENABLED", described.Body["StreamDescription"]!["StreamStatus"]!.GetValue<string>());
        Assert.Equal("KEYS_ONLY", described.Body["StreamDescription"]!["StreamViewType"]!.GetValue<string>());
        Assert.Equal("Invoices", described.Body["StreamDescription"]!["TableName"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_member_of_the_wrong_JSON_type_is_a_SerializationException_and_a_missing_one_a_ValidationException()
    {
        await using var server = await Servers.StartAsync();
        using var streams = new StreamsTestClient(server, AwsClients.Root(DefaultWorld.SourceAccountId));

        var wrongType = await streams.CallAsync("ListStreams", new System.Text.Json.Nodes.JsonObject { ["Limit"] = "ten" });
        var missing = await streams.CallAsync("GetRecords", []);

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, wrongType.Status);
        Assert.Equal("SerializationException", wrongType.ErrorCode);
        Assert.Equal("ValidationException", missing.ErrorCode);
        Assert.Contains("'shardIterator'", missing.Body["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
