using System.Text.Json.Nodes;

namespace LocalAws;

/// <summary>A read-only view of a stream.</summary>
public sealed record StreamView(string Arn, string AccountId, string TableName, string Label, string Status, string ViewType,
    string? Policy, string? PolicyRevisionId, int RecordCount)
{
    internal static StreamView Of(DynamoStream s) =>
        new(s.Arn, s.AccountId, s.TableName, s.Label, s.Status, s.ViewType, s.Policy?.Document, s.Policy?.RevisionId, s.Records.Count);

    public JsonObject ToJson() => new()
    {
        ["arn"] = Arn,
        ["accountId"] = AccountId,
        ["tableName"] = TableName,
        ["status"] = Status,
        ["viewType"] = ViewType,
        ["policy"] = Policy,
        ["policyRevisionId"] = PolicyRevisionId,
        ["recordCount"] = RecordCount,
    };
}

/// <summary>A read-only view of an event source mapping.</summary>
public sealed record MappingView(string Uuid, string AccountId, string EventSourceArn, string FunctionArn, string State,
    string LastProcessingResult, bool Enabled, int BatchSize)
{
    internal static MappingView Of(EventSourceMapping m) =>
        new(m.Uuid, m.AccountId, m.EventSourceArn, m.FunctionArn, m.State, m.LastProcessingResult, m.Enabled, m.BatchSize);

    public JsonObject ToJson() => new()
    {
        ["uuid"] = Uuid,
        ["accountId"] = AccountId,
        ["eventSourceArn"] = EventSourceArn,
        ["functionArn"] = FunctionArn,
        ["state"] = State,
        ["lastProcessingResult"] = LastProcessingResult,
        ["enabled"] = Enabled,
        ["batchSize"] = BatchSize,
    };
}
