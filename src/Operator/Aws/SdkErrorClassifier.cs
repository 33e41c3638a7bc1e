using System.Net;
using Amazon.Runtime;

namespace CrossAccountStreams.Operator.Aws;

/// <summary>Maps AWS SDK exceptions (DynamoDB, STS) to the closed <see cref="AwsErrorKind"/> set.</summary>
public static class SdkErrorClassifier
{
    public static AwsOperationException Classify(string service, string operation, Exception exception, bool revisionExpected = false)
    {
        if (exception is not AmazonServiceException serviceError)
        {
            // AmazonClientException, HttpRequestException, timeouts: nothing reached AWS or nothing came back.
            return new AwsOperationException(service, operation, AwsErrorKind.Transient, exception.GetType().Name, exception.Message, exception);
        }

        var code = serviceError.ErrorCode ?? serviceError.GetType().Name;
        var message = string.IsNullOrWhiteSpace(serviceError.Message) ? code : serviceError.Message;
        var kind = code switch
        {
            "ResourceNotFoundException" or "TableNotFoundException" or "NoSuchEntity" => AwsErrorKind.NotFound,
            "PolicyNotFoundException" => revisionExpected ? AwsErrorKind.RevisionMismatch : AwsErrorKind.PolicyNotFound,
            "ThrottlingException" or "Throttling" or "LimitExceededException" or "RequestLimitExceeded"
                or "ProvisionedThroughputExceededException" or "TooManyRequestsException" => AwsErrorKind.Throttled,
            "AccessDeniedException" or "AccessDenied" or "UnrecognizedClientException" or "InvalidClientTokenId"
                or "NotAuthorized" or "RegionDisabledException" => AwsErrorKind.AccessDenied,
            "ValidationException" when message.Contains("principal", StringComparison.OrdinalIgnoreCase) => AwsErrorKind.InvalidPrincipal,
            "ValidationException" or "MalformedPolicyDocument" or "PackedPolicyTooLarge" or "InvalidParameterValue"
                or "InvalidParameterCombination" or "SerializationException" => AwsErrorKind.InvalidInput,
            "ResourceInUseException" => AwsErrorKind.ResourceInUse,
            "InternalServerError" or "InternalFailure" or "ServiceUnavailable" or "ExpiredToken" or "ExpiredTokenException"
                or "IDPCommunicationError" => AwsErrorKind.Transient,
            _ when (int)serviceError.StatusCode >= 500 => AwsErrorKind.Transient,
            _ when serviceError.StatusCode == HttpStatusCode.Forbidden => AwsErrorKind.AccessDenied,
            _ => AwsErrorKind.InvalidInput,
        };
        return new AwsOperationException(service, operation, kind, code, message, exception);
    }
}
