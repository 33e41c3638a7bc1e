using System.Text.Json.Nodes;
using System.Xml.Linq;

namespace LocalAws.Protocols;

/// <summary>The wire protocols LocalAws speaks and how each renders an error.</summary>
public enum WireProtocol
{
    /// <summary>AWS JSON 1.0 (DynamoDB, DynamoDB Streams): X-Amz-Target, "__type" errors.</summary>
    Json10,

    /// <summary>AWS query protocol (STS): form-encoded Action=, XML responses.</summary>
    Query,

    /// <summary>REST-JSON (Lambda): path routing, x-amzn-ErrorType errors.</summary>
    RestJson,
}

/// <summary>Renders <see cref="AwsError"/> in each protocol's error shape.</summary>
public static class ErrorRenderer
{
    public const string StsNamespace = "https://sts.amazonaws.com/doc/2011-06-15/";

    public static AwsResponse Render(WireProtocol protocol, AwsError error, string requestId)
    {
        var response = protocol switch
        {
            WireProtocol.Json10 => Json10(error),
            WireProtocol.Query => Query(error, requestId),
            _ => RestJson(error),
        };
        if (error.RetryAfterSeconds is { } retryAfter)
        {
            response.Headers["Retry-After"] = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        return response;
    }

    private static AwsResponse Json10(AwsError error)
    {
        var body = new JsonObject
        {
            ["__type"] = $"{error.JsonTypeNamespace}#{error.Code}",
            ["message"] = error.Message,
        };
        return AwsResponse.Json(body, error.Status);
    }

    private static AwsResponse Query(AwsError error, string requestId)
    {
        XNamespace ns = StsNamespace;
        var doc = new XElement(ns + "ErrorResponse",
            new XElement(ns + "Error",
                new XElement(ns + "Type", error.IsServerFault ? "Receiver" : "Sender"),
                new XElement(ns + "Code", error.Code),
                new XElement(ns + "Message", error.Message)),
            new XElement(ns + "RequestId", requestId));
        return new AwsResponse(error.Status, "text/xml", doc.ToString(SaveOptions.DisableFormatting));
    }

    private static AwsResponse RestJson(AwsError error)
    {
        var body = new JsonObject
        {
            ["Type"] = error.IsServerFault ? "Service" : "User",
            ["Message"] = error.Message,
        };
        if (error.Extra is not null)
        {
            foreach (var (key, value) in error.Extra)
            {
                body[key] = value;
            }
        }
        var response = AwsResponse.Json(body, error.Status, "application/json");
        response.Headers["x-amzn-ErrorType"] = error.Code;
        return response;
    }
}
