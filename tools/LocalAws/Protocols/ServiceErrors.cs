using System.Globalization;

namespace LocalAws.Protocols;

/// <summary>The services LocalAws emulates, with their protocol and signing name.</summary>
public enum AwsService
{
    Sts,
    DynamoDb,
    DynamoDbStreams,
    Lambda,
}

/// <summary>Why SigV4 authentication failed.</summary>
public enum AuthFailure
{
    MissingToken,
    UnknownAccessKey,
    SignatureMismatch,
    ExpiredToken,
    IncompleteSignature,
}

/// <summary>The errors each service returns for authentication, throttling and internal failures.</summary>
public static class ServiceErrors
{
    private const string Coral = "com.amazon.coral.service";
    private const string SignatureMismatchText =
        "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";

    public static WireProtocol ProtocolOf(AwsService service) => service switch
    {
        AwsService.Sts => WireProtocol.Query,
        AwsService.Lambda => WireProtocol.RestJson,
        _ => WireProtocol.Json10,
    };

    public static string SigningName(AwsService service) => service switch
    {
        AwsService.Sts => "sts",
        AwsService.Lambda => "lambda",
        _ => "dynamodb",
    };

    public static string LogName(AwsService service) => service switch
    {
        AwsService.Sts => "sts",
        AwsService.Lambda => "lambda",
        AwsService.DynamoDb => "dynamodb",
        _ => "dynamodbstreams",
    };

    public static AwsError Auth(AwsService service, AuthFailure failure, string? detail = null)
    {
        var message = failure switch
        {
            AuthFailure.MissingToken => "Request is missing Authentication Token",
            AuthFailure.UnknownAccessKey => "The security token included in the request is invalid.",
            AuthFailure.ExpiredToken => "The security token included in the request is expired",
            AuthFailure.IncompleteSignature => detail ?? "Authorization header requires 'Credential', 'Signature' and 'SignedHeaders' parameters.",
            _ => detail ?? SignatureMismatchText,
        };
        return service switch
        {
            AwsService.Sts => failure switch
            {
                AuthFailure.MissingToken => new AwsError("MissingAuthenticationToken", message, 403),
                AuthFailure.UnknownAccessKey => new AwsError("InvalidClientTokenId", message, 403),
                AuthFailure.ExpiredToken => new AwsError("ExpiredToken", message, 400),
                AuthFailure.IncompleteSignature => new AwsError("IncompleteSignature", message, 400),
                _ => new AwsError("SignatureDoesNotMatch", message, 403),
            },
            AwsService.Lambda => failure switch
            {
                AuthFailure.MissingToken => new AwsError("MissingAuthenticationTokenException", message, 403),
                AuthFailure.UnknownAccessKey => new AwsError("UnrecognizedClientException", message, 403),
                AuthFailure.ExpiredToken => new AwsError("ExpiredTokenException", message, 403),
                AuthFailure.IncompleteSignature => new AwsError("IncompleteSignatureException", message, 403),
                _ => new AwsError("InvalidSignatureException", message, 403),
            },
            _ => failure switch
            {
                AuthFailure.MissingToken => new AwsError("MissingAuthenticationTokenException", message, 400) { JsonTypeNamespace = Coral },
                AuthFailure.UnknownAccessKey => new AwsError("UnrecognizedClientException", message, 400) { JsonTypeNamespace = Coral },
                AuthFailure.ExpiredToken => new AwsError("ExpiredTokenException", message, 400) { JsonTypeNamespace = Coral },
                AuthFailure.IncompleteSignature => new AwsError("IncompleteSignatureException", message, 400) { JsonTypeNamespace = Coral },
                _ => new AwsError("InvalidSignatureException", message, 400) { JsonTypeNamespace = Coral },
            },
        };
    }

    public static AwsError Throttled(AwsService service, int retryAfterSeconds = 1) => service switch
    {
        AwsService.Sts => new AwsError("Throttling", "Rate exceeded", 400),
        AwsService.Lambda => new AwsError("TooManyRequestsException", "Rate exceeded", 429)
        {
            RetryAfterSeconds = retryAfterSeconds,
            Extra = new Dictionary<string, string>
            {
                ["Reason"] = "CallerRateLimitExceeded",
                ["retryAfterSeconds"] = retryAfterSeconds.ToString(CultureInfo.InvariantCulture),
            },
        },
        _ => new AwsError("ThrottlingException", "Rate exceeded", 400) { JsonTypeNamespace = "com.amazon.coral.availability" },
    };

    public static AwsError Internal(AwsService service) => service switch
    {
        AwsService.Sts => new AwsError("InternalFailure", "The request processing has failed because of an unknown error, exception or failure.", 500),
        AwsService.Lambda => new AwsError("ServiceException", "The AWS Lambda service encountered an internal error.", 500),
        _ => new AwsError("InternalServerError", "Internal server error", 500),
    };

    public static AwsError AccessDenied(AwsService service, string message) => service switch
    {
        AwsService.Sts => new AwsError("AccessDenied", message, 403),
        AwsService.Lambda => new AwsError("AccessDeniedException", message, 403),
        _ => new AwsError("AccessDeniedException", message, 400) { JsonTypeNamespace = Coral },
    };

    public static AwsError UnknownOperation(AwsService service, string operation) => service switch
    {
        AwsService.Sts => new AwsError("InvalidAction", $"Could not find operation {operation} for version 2011-06-15", 400),
        AwsService.Lambda => new AwsError("UnknownOperationException", $"Unknown operation {operation}", 404),
        _ => new AwsError("UnknownOperationException", $"Unknown operation {operation}", 400) { JsonTypeNamespace = Coral },
    };

    /// <summary>DynamoDB's ValidationException (coral validate namespace).</summary>
    public static AwsError DynamoValidation(string message) =>
        new("ValidationException", message, 400) { JsonTypeNamespace = "com.amazon.coral.validate" };

    public static AwsError Dynamo(string code, string message) => new(code, message, 400);

    public static AwsError Lambda(string code, string message, int status) => new(code, message, status);

    public static AwsError Sts(string code, string message, int status = 400) => new(code, message, status);
}
