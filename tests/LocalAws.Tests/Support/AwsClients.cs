using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;

namespace LocalAws.Tests.Support;

/// <summary>Real AWS SDK clients pointed at a LocalAws server, with retries off so every error surfaces.</summary>
public static class AwsClients
{
    public static AWSCredentials Root(string accountId) =>
        new BasicAWSCredentials(DefaultWorld.RootAccessKeyId(accountId), DefaultWorld.RootSecretAccessKey(accountId));

    public static AWSCredentials Operator() =>
        new BasicAWSCredentials(DefaultWorld.OperatorAccessKeyId, DefaultWorld.OperatorSecretAccessKey);

    public static AmazonDynamoDBClient DynamoDb(LocalAwsServer server, AWSCredentials credentials) =>
        new(credentials, new AmazonDynamoDBConfig
        {
            ServiceURL = server.Endpoint.ToString(),
            AuthenticationRegion = DefaultWorld.Region,
            MaxErrorRetry = 0,
        });

    public static AmazonSecurityTokenServiceClient Sts(LocalAwsServer server, AWSCredentials credentials) =>
        new(credentials, new AmazonSecurityTokenServiceConfig
        {
            ServiceURL = server.Endpoint.ToString(),
            AuthenticationRegion = DefaultWorld.Region,
            MaxErrorRetry = 0,
        });

    /// <summary>Assumes a role as the platform operator and returns the session's credentials.</summary>
    public static async Task<SessionAWSCredentials> AssumeAsync(LocalAwsServer server, string roleArn, string externalId, string sessionName = "test-session")
    {
        using var sts = Sts(server, Operator());
        var response = await sts.AssumeRoleAsync(new AssumeRoleRequest
        {
            RoleArn = roleArn,
            RoleSessionName = sessionName,
            ExternalId = externalId,
        });
        var c = response.Credentials;
        return new SessionAWSCredentials(c.AccessKeyId, c.SecretAccessKey, c.SessionToken);
    }

    public static Task<SessionAWSCredentials> SourceAsync(LocalAwsServer server, string sessionName = "test-session") =>
        AssumeAsync(server, DefaultWorld.SourceRoleArn, DefaultWorld.SourceExternalId, sessionName);

    public static Task<SessionAWSCredentials> TargetAsync(LocalAwsServer server) =>
        AssumeAsync(server, DefaultWorld.TargetRoleArn, DefaultWorld.TargetExternalId);
}
