using System.Text.Json.Nodes;

namespace LocalAws.Services.Lambda;

/// <summary>Renders an event source mapping as the Lambda API returns it (EventSourceMappingConfiguration).</summary>
public static class MappingJson
{
    public static JsonObject Of(EventSourceMapping m)
    {
        var json = new JsonObject
        {
            ["UUID"] = m.Uuid,
            ["StartingPosition"] = m.StartingPosition,
            ["BatchSize"] = m.BatchSize,
            ["MaximumBatchingWindowInSeconds"] = m.MaximumBatchingWindowInSeconds,
            ["ParallelizationFactor"] = m.ParallelizationFactor,
            ["EventSourceArn"] = m.EventSourceArn,
        };
        if (m.FilterPatterns is not null)
        {
            json["FilterCriteria"] = new JsonObject
            {
                ["Filters"] = new JsonArray([.. m.FilterPatterns.Select(p => (JsonNode)new JsonObject { ["Pattern"] = p })]),
            };
        }
        json["FunctionArn"] = m.FunctionArn;
        json["LastModified"] = m.LastModified.ToUnixTimeMilliseconds() / 1000.0;
        json["LastProcessingResult"] = m.LastProcessingResult;
        json["State"] = m.State;
        json["StateTransitionReason"] = m.StateTransitionReason;
        var onFailure = new JsonObject();
        if (m.OnFailureDestination is not null)
        {
            onFailure["Destination"] = m.OnFailureDestination;
        }
        json["DestinationConfig"] = new JsonObject { ["OnFailure"] = onFailure };
        json["MaximumRecordAgeInSeconds"] = m.MaximumRecordAgeInSeconds;
        json["BisectBatchOnFunctionError"] = m.BisectBatchOnFunctionError;
        json["MaximumRetryAttempts"] = m.MaximumRetryAttempts;
        json["TumblingWindowInSeconds"] = m.TumblingWindowInSeconds;
        json["FunctionResponseTypes"] = new JsonArray([.. m.FunctionResponseTypes.Select(t => (JsonNode)JsonValue.Create(t))]);
        if (m.Metrics is not null)
        {
            json["MetricsConfig"] = new JsonObject { ["Metrics"] = new JsonArray([.. m.Metrics.Select(t => (JsonNode)JsonValue.Create(t))]) };
        }
        json["EventSourceMappingArn"] = m.Arn;
        return json;
    }
}
