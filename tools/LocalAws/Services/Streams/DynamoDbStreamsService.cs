using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using LocalAws.Hosting;
using LocalAws.Iam;
using LocalAws.Protocols;
using LocalAws.Services.DynamoDb;

namespace LocalAws.Services.Streams;

/// <summary>
/// DynamoDB Streams over JSON 1.0: DescribeStream, GetShardIterator, GetRecords, ListStreams. Each stream has one
/// shard. Stream-resource actions are evaluated with the stream's resource policy, so a caller from another account
/// needs both its identity policy and the stream policy to allow.
/// </summary>
public sealed class DynamoDbStreamsService(AwsWorld world) : IServiceHandler
{
    private static readonly TimeSpan IteratorLifetime = TimeSpan.FromMinutes(15);

    public AwsService Service => AwsService.DynamoDbStreams;

    public AwsResponse Handle(AwsRequest request)
    {
        var body = request.Json();
        lock (world.Sync)
        {
            JsonObject result = request.Operation switch
            {
                "DescribeStream" => DescribeStream(request.Caller, body),
                "GetShardIterator" => GetShardIterator(request.Caller, body),
                "GetRecords" => GetRecords(request.Caller, body),
                "ListStreams" => ListStreams(request.Caller, body),
                _ => throw new AwsErrorException(ServiceErrors.UnknownOperation(Service, request.Operation)),
            };
            return AwsResponse.Json(result);
        }
    }

    private JsonObject DescribeStream(Caller caller, JsonObject body)
    {
        var stream = Resolve(caller, DynamoDbService.RequiredString(body, "StreamArn", "streamArn"), "dynamodb:DescribeStream");
        var keySchema = new JsonArray(new JsonObject { ["AttributeName"] = stream.HashKey.Name, ["KeyType"] = "HASH" });
        if (stream.RangeKey is not null)
        {
            keySchema.Add(new JsonObject { ["AttributeName"] = stream.RangeKey.Name, ["KeyType"] = "RANGE" });
        }
        var range = new JsonObject { ["StartingSequenceNumber"] = FirstSequence(stream) };
        if (!stream.Enabled)
        {
            range["EndingSequenceNumber"] = stream.Records.Count > 0 ? stream.Records[^1].SequenceNumber : FirstSequence(stream);
        }
        return new JsonObject
        {
            ["StreamDescription"] = new JsonObject
            {
                ["StreamArn"] = stream.Arn,
                ["StreamLabel"] = stream.Label,
                ["StreamStatus"] = stream.Status,
                ["StreamViewType"] = stream.ViewType,
                ["CreationRequestDateTime"] = stream.CreatedAt.ToUnixTimeMilliseconds() / 1000.0,
                ["TableName"] = stream.TableName,
                ["KeySchema"] = keySchema,
                ["Shards"] = new JsonArray(new JsonObject { ["ShardId"] = stream.ShardId, ["SequenceNumberRange"] = range }),
            },
        };
    }

    private JsonObject GetShardIterator(Caller caller, JsonObject body)
    {
        var stream = Resolve(caller, DynamoDbService.RequiredString(body, "StreamArn", "streamArn"), "dynamodb:GetShardIterator");
        var shardId = DynamoDbService.RequiredString(body, "ShardId", "shardId");
        if (shardId != stream.ShardId)
        {
            throw new AwsErrorException(ServiceErrors.Dynamo("ResourceNotFoundException", $"Requested resource not found: Shard does not exist"));
        }
        var type = DynamoDbService.RequiredString(body, "ShardIteratorType", "shardIteratorType");
        long after = type switch
        {
            "TRIM_HORIZON" => 0,
            "LATEST" => stream.Records.Count > 0 ? stream.Records[^1].Sequence : 0,
            "AT_SEQUENCE_NUMBER" => ParseSequence(body) - 1,
            "AFTER_SEQUENCE_NUMBER" => ParseSequence(body),
            _ => throw DynamoDbService.Validation($"1 validation error detected: Value '{type}' at 'shardIteratorType' failed to satisfy constraint: Member must satisfy enum value set: [AFTER_SEQUENCE_NUMBER, LATEST, AT_SEQUENCE_NUMBER, TRIM_HORIZON]"),
        };
        return new JsonObject { ["ShardIterator"] = EncodeIterator(stream.Arn, after) };
    }

    private JsonObject GetRecords(Caller caller, JsonObject body)
    {
        var iterator = DynamoDbService.RequiredString(body, "ShardIterator", "shardIterator");
        var (arn, after, issued) = DecodeIterator(iterator);
        var stream = Resolve(caller, arn, "dynamodb:GetRecords");
        var now = world.Time.GetUtcNow();
        if (now - issued > IteratorLifetime)
        {
            throw new AwsErrorException(ServiceErrors.Dynamo("ExpiredIteratorException",
                $"Iterator expired. The iterator was created at time {issued:O} while right now it is {now:O} which is further in the future than the tolerated delay of 900000 milliseconds."));
        }
        var limit = body["Limit"]?.GetValue<int>() ?? 1000;
        if (limit is < 1 or > 1000)
        {
            throw DynamoDbService.Validation($"1 validation error detected: Value '{limit}' at 'limit' failed to satisfy constraint: Member must have value between 1 and 1000");
        }
        var records = stream.Records.Where(r => r.Sequence > after).Take(limit).ToList();
        var next = records.Count > 0 ? records[^1].Sequence : after;
        var result = new JsonObject
        {
            ["Records"] = new JsonArray([.. records.Select(r => (JsonNode)r.ToJson(stream.ViewType, world.Region))]),
        };
        var exhausted = !stream.Enabled && (stream.Records.Count == 0 || next >= stream.Records[^1].Sequence);
        if (!exhausted)
        {
            result["NextShardIterator"] = EncodeIterator(stream.Arn, next);
        }
        return result;
    }

    private JsonObject ListStreams(Caller caller, JsonObject body)
    {
        AccessControl.Demand(world, Service, caller, "dynamodb:ListStreams", "*", caller.AccountId, null);
        var tableName = body["TableName"]?.GetValue<string>();
        var start = body["ExclusiveStartStreamArn"]?.GetValue<string>();
        var limit = body["Limit"]?.GetValue<int>() ?? 100;
        var streams = world.AllStreams
            .Where(s => s.AccountId == caller.AccountId && (tableName is null || s.TableName == tableName))
            .OrderBy(s => s.Arn, StringComparer.Ordinal)
            .Where(s => start is null || string.CompareOrdinal(s.Arn, start) > 0)
            .ToList();
        var page = streams.Take(limit).ToList();
        var result = new JsonObject
        {
            ["Streams"] = new JsonArray([.. page.Select(s => (JsonNode)new JsonObject { ["StreamArn"] = s.Arn, ["TableName"] = s.TableName, ["StreamLabel"] = s.Label })]),
        };
        if (streams.Count > page.Count)
        {
            result["LastEvaluatedStreamArn"] = page[^1].Arn;
        }
        return result;
    }

    private DynamoStream Resolve(Caller caller, string arnText, string action)
    {
        var arn = Arn.TryParse(arnText);
        if (arn is null || arn.Service != "dynamodb" || !arnText.Contains("/stream/", StringComparison.Ordinal))
        {
            throw DynamoDbService.Validation($"Invalid StreamArn: {arnText}");
        }
        var stream = world.FindStream(arnText);
        AccessControl.Demand(world, Service, caller, action, arnText, arn.Account, stream?.Policy?.Parsed);
        return stream ?? throw new AwsErrorException(ServiceErrors.Dynamo("ResourceNotFoundException", $"Requested resource not found: Stream: {arnText} not found"));
    }

    private static string FirstSequence(DynamoStream stream) =>
        stream.Records.Count > 0 ? stream.Records[0].SequenceNumber : 0L.ToString("D21", CultureInfo.InvariantCulture);

    private static long ParseSequence(JsonObject body)
    {
        var text = DynamoDbService.RequiredString(body, "SequenceNumber", "sequenceNumber");
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw DynamoDbService.Validation($"Invalid SequenceNumber: {text}");
    }

    private string EncodeIterator(string arn, long after)
    {
        var issued = world.Time.GetUtcNow().ToUnixTimeMilliseconds();
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(FormattableString.Invariant($"{arn}|{after}|{issued}")));
    }

    private static (string Arn, long After, DateTimeOffset Issued) DecodeIterator(string iterator)
    {
        try
        {
            var parts = Encoding.UTF8.GetString(Convert.FromBase64String(iterator)).Split('|');
            return (parts[0], long.Parse(parts[1], CultureInfo.InvariantCulture),
                DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(parts[2], CultureInfo.InvariantCulture)));
        }
        catch (Exception ex) when (ex is FormatException or IndexOutOfRangeException or OverflowException)
        {
            throw DynamoDbService.Validation("Invalid ShardIterator");
        }
    }
}
