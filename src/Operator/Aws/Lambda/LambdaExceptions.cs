using System.Net;
using System.Text.RegularExpressions;

namespace CrossAccountStreams.Operator.Aws.Lambda;

/// <summary>An error Lambda returned, typed by its <c>x-amzn-ErrorType</c>.</summary>
public class LambdaServiceException(
    string operation, AwsErrorKind kind, string errorType, string message, HttpStatusCode statusCode, TimeSpan? retryAfter = null)
    : AwsOperationException("lambda", operation, kind, errorType, message)
{
    public HttpStatusCode StatusCode { get; } = statusCode;

    /// <summary>How long Lambda asked the caller to wait (<c>retryAfterSeconds</c>), when it said.</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;

    /// <summary>Builds the exception type for an error type name; unknown names are classified by status code.</summary>
    public static LambdaServiceException Create(
        string operation, string errorType, string message, HttpStatusCode statusCode, TimeSpan? retryAfter) =>
        errorType switch
        {
            "ResourceNotFoundException" => new ResourceNotFoundException(operation, message, statusCode),
            "ResourceConflictException" => new ResourceConflictException(operation, message, statusCode),
            "ResourceInUseException" => new ResourceInUseException(operation, message, statusCode),
            "InvalidParameterValueException" => new InvalidParameterValueException(operation, message, statusCode),
            "TooManyRequestsException" => new TooManyRequestsException(operation, message, statusCode, retryAfter),
            "ServiceException" => new ServiceException(operation, message, statusCode),
            "AccessDeniedException" => new AccessDeniedException(operation, message, statusCode),
            "UnrecognizedClientException" or "InvalidSignatureException" or "KMSAccessDeniedException"
                or "ExpiredTokenException" => new LambdaServiceException(operation, AwsErrorKind.AccessDenied, errorType, message, statusCode),
            "InvalidRequestContentException" or "RequestTooLargeException" or "UnsupportedMediaTypeException" =>
                new LambdaServiceException(operation, AwsErrorKind.InvalidInput, errorType, message, statusCode),
            _ when (int)statusCode == 429 => new LambdaServiceException(operation, AwsErrorKind.Throttled, errorType, message, statusCode, retryAfter),
            _ when (int)statusCode >= 500 => new LambdaServiceException(operation, AwsErrorKind.Transient, errorType, message, statusCode),
            _ when statusCode == HttpStatusCode.Forbidden => new LambdaServiceException(operation, AwsErrorKind.AccessDenied, errorType, message, statusCode),
            _ => new LambdaServiceException(operation, AwsErrorKind.InvalidInput, errorType, message, statusCode),
        };
}

public sealed class ResourceNotFoundException(string operation, string message, HttpStatusCode statusCode)
    : LambdaServiceException(operation, AwsErrorKind.NotFound, nameof(ResourceNotFoundException), message, statusCode);

/// <summary>The mapping (or another resource) already exists; for a duplicate mapping the message names its UUID.</summary>
public sealed partial class ResourceConflictException(string operation, string message, HttpStatusCode statusCode)
    : LambdaServiceException(operation, AwsErrorKind.Conflict, nameof(ResourceConflictException), message, statusCode)
{
    /// <summary>The UUID of the existing mapping, parsed from "... update or delete the existing mapping with UUID ...".</summary>
    public string? ExistingMappingUuid { get; } = UuidPattern().Match(message) is { Success: true } match ? match.Groups[1].Value : null;

    [GeneratedRegex("UUID\\s+([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})")]
    private static partial Regex UuidPattern();
}

/// <summary>The mapping is busy (Creating, Updating, Deleting) and cannot take this change now.</summary>
public sealed class ResourceInUseException(string operation, string message, HttpStatusCode statusCode)
    : LambdaServiceException(operation, AwsErrorKind.ResourceInUse, nameof(ResourceInUseException), message, statusCode);

/// <summary>
/// A parameter is invalid. Lambda also uses this error when the execution role cannot read the stream
/// ("Cannot access stream ... Please ensure the role can perform ..."), which is classified as access denied.
/// </summary>
public sealed class InvalidParameterValueException(string operation, string message, HttpStatusCode statusCode)
    : LambdaServiceException(operation, IsStreamAccess(message) ? AwsErrorKind.AccessDenied : AwsErrorKind.InvalidInput,
        nameof(InvalidParameterValueException), message, statusCode)
{
    private static bool IsStreamAccess(string message) =>
        message.Contains("Cannot access stream", StringComparison.OrdinalIgnoreCase)
        || message.Contains("ensure the role can perform", StringComparison.OrdinalIgnoreCase)
        || message.Contains("execution role does not have permissions", StringComparison.OrdinalIgnoreCase)
        || message.Contains("cannot be assumed by Lambda", StringComparison.OrdinalIgnoreCase);
}

public sealed class TooManyRequestsException(string operation, string message, HttpStatusCode statusCode, TimeSpan? retryAfter)
    : LambdaServiceException(operation, AwsErrorKind.Throttled, nameof(TooManyRequestsException), message, statusCode, retryAfter);

public sealed class ServiceException(string operation, string message, HttpStatusCode statusCode)
    : LambdaServiceException(operation, AwsErrorKind.Transient, nameof(ServiceException), message, statusCode);

public sealed class AccessDeniedException(string operation, string message, HttpStatusCode statusCode)
    : LambdaServiceException(operation, AwsErrorKind.AccessDenied, nameof(AccessDeniedException), message, statusCode);
