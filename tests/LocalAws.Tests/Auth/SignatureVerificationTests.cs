using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using LocalAws.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace LocalAws.Tests.Auth;

public sealed class SignatureVerificationTests
{
    [Fact]
    public async Task A_correctly_signed_request_is_served_as_the_key_owner()
    {
        await using var server = await Servers.StartAsync();
        using var sts = AwsClients.Sts(server, AwsClients.Operator());

        var identity = await sts.GetCallerIdentityAsync(new GetCallerIdentityRequest());

        Assert.Equal(DefaultWorld.PlatformAccountId, identity.Account);
        Assert.Equal(DefaultWorld.OperatorSessionArn, identity.Arn);
    }

    [Fact]
    public async Task DynamoDB_rejects_a_request_signed_with_the_wrong_secret_as_InvalidSignatureException()
    {
        await using var server = await Servers.StartAsync();
        using var dynamo = AwsClients.DynamoDb(server, new BasicAWSCredentials(DefaultWorld.RootAccessKeyId(DefaultWorld.SourceAccountId), "wrong-secret"));

        var error = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => dynamo.DescribeTableAsync(DefaultWorld.OrdersTableName));

        Assert.Equal("InvalidSignatureException", error.ErrorCode);
        Assert.Contains("signature we calculated does not match", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DynamoDB_rejects_an_unknown_access_key_as_UnrecognizedClientException()
    {
        await using var server = await Servers.StartAsync();
        using var dynamo = AwsClients.DynamoDb(server, new BasicAWSCredentials("AKIAUNKNOWNKEY000000", "whatever"));

        var error = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => dynamo.DescribeTableAsync(DefaultWorld.OrdersTableName));

        Assert.Equal("UnrecognizedClientException", error.ErrorCode);
    }

    [Fact]
    public async Task STS_rejects_the_wrong_secret_as_SignatureDoesNotMatch_and_an_unknown_key_as_InvalidClientTokenId()
    {
        await using var server = await Servers.StartAsync();
        using var wrongSecret = AwsClients.Sts(server, new BasicAWSCredentials(DefaultWorld.OperatorAccessKeyId, "not-the-secret"));
        using var unknownKey = AwsClients.Sts(server, new BasicAWSCredentials("AKIANOBODY0000000000", "x"));

        var mismatch = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => wrongSecret.GetCallerIdentityAsync(new GetCallerIdentityRequest()));
        var unknown = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => unknownKey.GetCallerIdentityAsync(new GetCallerIdentityRequest()));

        Assert.Equal("SignatureDoesNotMatch", mismatch.ErrorCode);
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, mismatch.StatusCode);
        Assert.Equal("InvalidClientTokenId", unknown.ErrorCode);
    }

    [Fact]
    public async Task A_session_token_is_refused_once_it_has_expired()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await Servers.StartAsync(o => o.TimeProvider = clock);
        using var sts = AwsClients.Sts(server, AwsClients.Operator());
        var assumed = await sts.AssumeRoleAsync(new AssumeRoleRequest
        {
            RoleArn = DefaultWorld.SourceRoleArn,
            RoleSessionName = "short",
            ExternalId = DefaultWorld.SourceExternalId,
            DurationSeconds = 900,
        });
        var credentials = new SessionAWSCredentials(assumed.Credentials.AccessKeyId, assumed.Credentials.SecretAccessKey, assumed.Credentials.SessionToken);
        using var dynamo = AwsClients.DynamoDb(server, credentials);
        await dynamo.DescribeTableAsync(DefaultWorld.OrdersTableName);

        clock.Advance(TimeSpan.FromSeconds(901));
        var error = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => dynamo.DescribeTableAsync(DefaultWorld.OrdersTableName));

        Assert.Equal("ExpiredTokenException", error.ErrorCode);
    }

    [Fact]
    public async Task A_temporary_key_without_its_session_token_is_not_recognised()
    {
        await using var server = await Servers.StartAsync();
        var session = await AwsClients.SourceAsync(server);
        var immutable = await session.GetCredentialsAsync();
        using var dynamo = AwsClients.DynamoDb(server, new BasicAWSCredentials(immutable.AccessKey, immutable.SecretKey));

        var error = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => dynamo.DescribeTableAsync(new DescribeTableRequest { TableName = DefaultWorld.OrdersTableName }));

        Assert.Equal("UnrecognizedClientException", error.ErrorCode);
    }

    [Fact]
    public async Task Lambda_rejects_a_bad_signature_with_403_InvalidSignatureException()
    {
        await using var server = await Servers.StartAsync();
        using var lambda = new LambdaTestClient(server, new BasicAWSCredentials(DefaultWorld.RootAccessKeyId(DefaultWorld.TargetAccountId), "wrong"));

        var response = await lambda.ListMappingsAsync();

        Assert.Equal(System.Net.HttpStatusCode.Forbidden, response.Status);
        Assert.Equal("InvalidSignatureException", response.ErrorType);
    }
}
