using System.Net;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using CrossAccountStreams.Operator.Aws;

namespace CrossAccountStreams.Operator.Tests.Aws;

public sealed class SdkErrorClassifierTests
{
    public static TheoryData<string, Exception, bool, AwsErrorKind> Cases => new()
    {
        { "missing table", new ResourceNotFoundException("Requested resource not found") { ErrorCode = "ResourceNotFoundException" }, false, AwsErrorKind.NotFound },
        { "no policy on read", new PolicyNotFoundException("no policy") { ErrorCode = "PolicyNotFoundException" }, false, AwsErrorKind.PolicyNotFound },
        { "revision moved on write", new PolicyNotFoundException("revision mismatch") { ErrorCode = "PolicyNotFoundException" }, true, AwsErrorKind.RevisionMismatch },
        { "throttled", new AmazonDynamoDBExceptionWith("ThrottlingException", "Rate exceeded", HttpStatusCode.BadRequest), false, AwsErrorKind.Throttled },
        { "too many control plane ops", new LimitExceededException("Too many operations") { ErrorCode = "LimitExceededException" }, false, AwsErrorKind.Throttled },
        { "access denied", new AmazonDynamoDBExceptionWith("AccessDeniedException", "not authorized to perform dynamodb:PutResourcePolicy", HttpStatusCode.BadRequest), false, AwsErrorKind.AccessDenied },
        { "fresh role", new AmazonDynamoDBExceptionWith("ValidationException", "One or more parameter values were invalid: Invalid principal in policy document.", HttpStatusCode.BadRequest), false, AwsErrorKind.InvalidPrincipal },
        { "bad policy", new AmazonDynamoDBExceptionWith("ValidationException", "Policy document exceeds 20 KB", HttpStatusCode.BadRequest), false, AwsErrorKind.InvalidInput },
        { "server error", new InternalServerErrorException("oops") { ErrorCode = "InternalServerError", StatusCode = HttpStatusCode.InternalServerError }, false, AwsErrorKind.Transient },
        { "unknown 503", new AmazonDynamoDBExceptionWith("Weird", "?", HttpStatusCode.ServiceUnavailable), false, AwsErrorKind.Transient },
        { "network", new HttpRequestException("connection refused"), false, AwsErrorKind.Transient },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void SDK_errors_map_to_a_closed_set(string situation, Exception error, bool revisionExpected, AwsErrorKind expected)
    {
        var classified = SdkErrorClassifier.Classify("dynamodb", "PutResourcePolicy", error, revisionExpected);

        Assert.True(expected == classified.Kind, $"{situation}: {classified.Kind}");
        Assert.Equal("PutResourcePolicy", classified.Operation);
        Assert.Same(error, classified.InnerException);
    }

    private sealed class AmazonDynamoDBExceptionWith : AmazonServiceException
    {
        public AmazonDynamoDBExceptionWith(string code, string message, HttpStatusCode status)
            : base(message)
        {
            ErrorCode = code;
            StatusCode = status;
        }
    }
}
