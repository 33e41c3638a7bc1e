using System.Text.Json;
using System.Text.Json.Nodes;
using LocalAws.Iam;
using LocalAws.Protocols;

namespace LocalAws.Hosting;

/// <summary>An authenticated request routed to one operation of one service.</summary>
public sealed class AwsRequest
{
    public required AwsService Service { get; init; }
    public required string Operation { get; init; }
    public required string Method { get; init; }
    /// <summary>Decoded path segments (Lambda REST paths).</summary>
    public required IReadOnlyList<string> PathSegments { get; init; }
    /// <summary>Decoded query parameters.</summary>
    public required IReadOnlyDictionary<string, string> Query { get; init; }
    /// <summary>Every query value of a name, for parameters that repeat (UntagResource's tagKeys).</summary>
    public required ILookup<string, string> QueryValues { get; init; }
    /// <summary>Decoded form parameters (STS query protocol).</summary>
    public required IReadOnlyDictionary<string, string> Form { get; init; }
    public required byte[] Body { get; init; }
    public required Caller Caller { get; init; }
    public required string RequestId { get; init; }

    /// <summary>The JSON body (JSON 1.0 and REST-JSON); an empty object when there is none.</summary>
    public JsonObject Json()
    {
        if (Body.Length == 0)
        {
            return [];
        }
        try
        {
            return JsonNode.Parse(Body) as JsonObject ?? throw new AwsErrorException(MalformedBody("the body is not a JSON object"));
        }
        catch (JsonException ex)
        {
            throw new AwsErrorException(MalformedBody(ex.Message));
        }
    }

    private AwsError MalformedBody(string detail) => Service == AwsService.Lambda
        ? new AwsError("InvalidRequestContentException", $"Could not parse request body into json: {detail}", 400)
        : new AwsError("SerializationException", $"Start of structure or map found where not expected. ({detail})", 400) { JsonTypeNamespace = "com.amazon.coral.service" };
}
