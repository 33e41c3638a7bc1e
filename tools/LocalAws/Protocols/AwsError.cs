using System.Text.Json.Nodes;

namespace LocalAws.Protocols;

/// <summary>An error as a service returns it: code, message, HTTP status and protocol extras.</summary>
public sealed record AwsError(string Code, string Message, int Status = 400)
{
    /// <summary>The namespace in a JSON 1.0 "__type" (AWS uses coral namespaces for auth and validation errors).</summary>
    public string JsonTypeNamespace { get; init; } = "com.amazonaws.dynamodb.v20120810";

    /// <summary>Extra members of a REST-JSON error body (Lambda's retryAfterSeconds, Reason).</summary>
    public IReadOnlyDictionary<string, string>? Extra { get; init; }

    /// <summary>Seconds for a Retry-After header.</summary>
    public int? RetryAfterSeconds { get; init; }

    public bool IsServerFault => Status >= 500;
}

/// <summary>Thrown by a service handler to answer with an AWS error.</summary>
public sealed class AwsErrorException(AwsError error) : Exception(error.Message)
{
    public AwsError Error { get; } = error;
}

/// <summary>A response ready to write.</summary>
public sealed record AwsResponse(int Status, string ContentType, string Body)
{
    public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);

    public static AwsResponse Json(JsonNode body, int status = 200, string contentType = "application/x-amz-json-1.0") =>
        new(status, contentType, body.ToJsonString());
}
