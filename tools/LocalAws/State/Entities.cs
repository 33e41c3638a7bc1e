using System.Text.Json.Nodes;
using LocalAws.Iam;

namespace LocalAws;

/// <summary>One AWS account: its IAM principals and the resources it owns.</summary>
public sealed class Account(string id)
{
    public string Id { get; } = id;
    internal Dictionary<string, IamRole> Roles { get; } = new(StringComparer.Ordinal);
    internal Dictionary<string, IamUser> Users { get; } = new(StringComparer.Ordinal);
    internal Dictionary<string, Table> Tables { get; } = new(StringComparer.Ordinal);
    internal Dictionary<string, LambdaFunction> Functions { get; } = new(StringComparer.Ordinal);

    public string RootArn => $"arn:aws:iam::{Id}:root";
}

/// <summary>An IAM role: who may assume it (trust policy) and what its sessions may do (identity policies).</summary>
public sealed class IamRole
{
    public required string AccountId { get; init; }
    public required string Name { get; init; }
    public required string Arn { get; init; }
    public required string RoleId { get; init; }
    public required PolicyDocument TrustPolicy { get; set; }
    public List<PolicyDocument> IdentityPolicies { get; } = [];
    public int MaxSessionDurationSeconds { get; set; } = 3600;
}

/// <summary>An IAM user with identity policies.</summary>
public sealed class IamUser
{
    public required string AccountId { get; init; }
    public required string Name { get; init; }
    public required string Arn { get; init; }
    public required string UserId { get; init; }
    public List<PolicyDocument> IdentityPolicies { get; } = [];
}

/// <summary>An access key: long-term (seeded) or temporary (issued by AssumeRole, with a session token).</summary>
public sealed class AccessKey
{
    public required string AccessKeyId { get; init; }
    public required string SecretAccessKey { get; init; }
    public string? SessionToken { get; init; }
    public DateTimeOffset? Expiration { get; init; }
    public required Caller Caller { get; init; }
}

/// <summary>A resource-based policy attached to a table or stream.</summary>
public sealed record ResourcePolicy(string Document, PolicyDocument Parsed, string RevisionId, DateTimeOffset UpdatedAt);

/// <summary>A DynamoDB table with its items and current stream.</summary>
public sealed class Table
{
    public required string AccountId { get; init; }
    public required string Name { get; init; }
    public required string Arn { get; init; }
    public required string TableId { get; init; }
    public required KeyAttribute HashKey { get; init; }
    public KeyAttribute? RangeKey { get; init; }
    public required JsonArray AttributeDefinitions { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public string? BillingMode { get; set; }
    internal Dictionary<string, JsonObject> Items { get; } = new(StringComparer.Ordinal);
    /// <summary>The table's latest stream (enabled or disabled), if it ever had one.</summary>
    public DynamoStream? LatestStream { get; set; }
    public ResourcePolicy? Policy { get; set; }
    public DateTimeOffset? LastPolicyUpdate { get; set; }
    public int ItemCount => Items.Count;
}

public sealed record KeyAttribute(string Name, string Type);

/// <summary>A DynamoDB stream: one shard, its records, and its own resource policy.</summary>
public sealed class DynamoStream
{
    public required string AccountId { get; init; }
    public required string TableName { get; init; }
    public required string Arn { get; init; }
    public required string Label { get; init; }
    public required string ViewType { get; init; }
    public required string ShardId { get; init; }
    public required KeyAttribute HashKey { get; init; }
    public KeyAttribute? RangeKey { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public bool Enabled { get; set; } = true;
    public ResourcePolicy? Policy { get; set; }
    public DateTimeOffset? LastPolicyUpdate { get; set; }
    internal List<StreamRecord> Records { get; } = [];
    public string Status => Enabled ? "ENABLED" : "DISABLED";
    public IReadOnlyList<StreamRecord> RecordsSnapshot => [.. Records];
}

/// <summary>One change captured on a stream.</summary>
public sealed record StreamRecord(
    long Sequence,
    string EventId,
    string EventName,
    DateTimeOffset At,
    JsonObject Keys,
    JsonObject? NewImage,
    JsonObject? OldImage)
{
    public string SequenceNumber => Sequence.ToString("D21", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The record as DynamoDB Streams returns it; images follow the stream view type.</summary>
    public JsonObject ToJson(string viewType, string region, string? eventSourceArn = null)
    {
        var ddb = new JsonObject
        {
            ["ApproximateCreationDateTime"] = At.ToUnixTimeSeconds(),
            ["Keys"] = Keys.DeepClone(),
        };
        if (NewImage is not null && viewType is "NEW_IMAGE" or "NEW_AND_OLD_IMAGES")
        {
            ddb["NewImage"] = NewImage.DeepClone();
        }
        if (OldImage is not null && viewType is "OLD_IMAGE" or "NEW_AND_OLD_IMAGES")
        {
            ddb["OldImage"] = OldImage.DeepClone();
        }
        ddb["SequenceNumber"] = SequenceNumber;
        ddb["SizeBytes"] = System.Text.Encoding.UTF8.GetByteCount(ddb.ToJsonString());
        ddb["StreamViewType"] = viewType;
        var record = new JsonObject
        {
            ["eventID"] = EventId,
            ["eventName"] = EventName,
            ["eventVersion"] = "1.1",
            ["eventSource"] = "aws:dynamodb",
            ["awsRegion"] = region,
            ["dynamodb"] = ddb,
        };
        if (eventSourceArn is not null)
        {
            record["eventSourceARN"] = eventSourceArn;
        }
        return record;
    }
}

/// <summary>A Lambda function (configuration only; there is no code to run).</summary>
public sealed class LambdaFunction
{
    public required string AccountId { get; init; }
    public required string Name { get; init; }
    public required string Arn { get; init; }
    public required string Role { get; set; }
    public string Runtime { get; set; } = "python3.12";
    public string Handler { get; set; } = "index.handler";
    public required DateTimeOffset LastModified { get; set; }
    public required string RevisionId { get; set; }
    /// <summary>Alias name to the version it points at ($LATEST here).</summary>
    public Dictionary<string, string> Aliases { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, string> Tags { get; } = new(StringComparer.Ordinal);
}

/// <summary>A Lambda event source mapping on a DynamoDB stream.</summary>
public sealed class EventSourceMapping
{
    public required string Uuid { get; init; }
    public required string AccountId { get; init; }
    public required string Arn { get; init; }
    public required string EventSourceArn { get; init; }
    public required string FunctionArn { get; set; }
    public required string StartingPosition { get; init; }
    public string State { get; set; } = "Creating";
    public string StateTransitionReason { get; set; } = "USER_INITIATED";
    public string LastProcessingResult { get; set; } = "No records processed";
    public bool Enabled { get; set; } = true;
    public int BatchSize { get; set; } = 100;
    public int MaximumBatchingWindowInSeconds { get; set; }
    public int ParallelizationFactor { get; set; } = 1;
    public int MaximumRetryAttempts { get; set; } = -1;
    public int MaximumRecordAgeInSeconds { get; set; } = -1;
    public bool BisectBatchOnFunctionError { get; set; }
    public List<string> FunctionResponseTypes { get; set; } = [];
    public int TumblingWindowInSeconds { get; set; }
    public List<string>? FilterPatterns { get; set; }
    public string? OnFailureDestination { get; set; }
    public List<string>? Metrics { get; set; }
    public required DateTimeOffset LastModified { get; set; }
    public Dictionary<string, string> Tags { get; } = new(StringComparer.Ordinal);
    /// <summary>When the pending transition (Creating, Updating, ...) completes.</summary>
    public DateTimeOffset? TransitionDueAt { get; set; }
    /// <summary>Sequence number of the last record handed to the function (or skipped by a filter).</summary>
    public long Checkpoint { get; set; }
}

/// <summary>One delivery of a batch of stream records to a function.</summary>
public sealed record Invocation(
    string Id,
    string MappingUuid,
    string FunctionArn,
    string EventSourceArn,
    DateTimeOffset At,
    JsonObject Event)
{
    public int RecordCount => Event["Records"] is JsonArray records ? records.Count : 0;
}

/// <summary>One API call the emulator answered: who called what, and how it ended.</summary>
public sealed record CallRecord(
    DateTimeOffset Timestamp,
    string Service,
    string Operation,
    string? CallerAccount,
    string? CallerArn,
    string Outcome,
    int HttpStatus);
