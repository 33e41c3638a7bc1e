using Amazon;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using CrossAccountStreams.Operator.Aws.Telemetry;

namespace CrossAccountStreams.Operator.Aws.Credentials;

/// <summary>
/// STS through the AWS SDK. The operator's own identity comes from the SDK's default chain (web identity, Pod
/// Identity, environment, profile) unless a host supplies <see cref="IOperatorCredentialsSource"/>.
/// </summary>
public sealed class StsRoleAssumer(IOperatorCredentialsSource operatorCredentials, AwsEndpointResolver endpoints, AwsCallTelemetry telemetry)
    : IRoleAssumer
{
    private const string Service = "sts";

    public Task<TemporaryCredentials> AssumeRoleAsync(AssumeRoleInput input, CancellationToken cancellationToken) =>
        telemetry.ObserveAsync(Service, "AssumeRole", AccountOf(input.RoleArn), async () =>
        {
            using var client = new AmazonSecurityTokenServiceClient(operatorCredentials.GetCredentials(), Config(input.Region));
            var request = new AssumeRoleRequest
            {
                RoleArn = input.RoleArn,
                RoleSessionName = input.RoleSessionName,
                ExternalId = input.ExternalId,
                DurationSeconds = (int)input.Duration.TotalSeconds,
                Tags = [.. input.SessionTags.Select(t => new Tag { Key = t.Key, Value = t.Value })],
            };
            try
            {
                var response = await client.AssumeRoleAsync(request, cancellationToken);
                var c = response.Credentials;
                return new TemporaryCredentials(
                    c.AccessKeyId,
                    c.SecretAccessKey,
                    c.SessionToken,
                    new DateTimeOffset(DateTime.SpecifyKind(c.Expiration ?? DateTime.UtcNow.AddMinutes(15), DateTimeKind.Utc)));
            }
            catch (Exception e) when (e is AmazonServiceException or AmazonClientException or HttpRequestException)
            {
                throw SdkErrorClassifier.Classify(Service, "AssumeRole", e);
            }
        });

    public Task<CallerIdentity> GetCallerIdentityAsync(AwsAccountAccess account, TemporaryCredentials credentials, CancellationToken cancellationToken) =>
        telemetry.ObserveAsync(Service, "GetCallerIdentity", account.AccountId, async () =>
        {
            using var client = new AmazonSecurityTokenServiceClient(credentials.ToSdk(), Config(account.Region));
            try
            {
                var response = await client.GetCallerIdentityAsync(new GetCallerIdentityRequest(), cancellationToken);
                return new CallerIdentity(response.Account, response.Arn);
            }
            catch (Exception e) when (e is AmazonServiceException or AmazonClientException or HttpRequestException)
            {
                throw SdkErrorClassifier.Classify(Service, "GetCallerIdentity", e);
            }
        });

    private AmazonSecurityTokenServiceConfig Config(string region)
    {
        var config = new AmazonSecurityTokenServiceConfig { RegionEndpoint = RegionEndpoint.GetBySystemName(region) };
        if (endpoints.SdkServiceUrl is { } url)
        {
            config.ServiceURL = url.ToString();
            config.AuthenticationRegion = region;
        }

        return config;
    }

    private static string AccountOf(string roleArn) => roleArn.Split(':') is { Length: > 4 } parts ? parts[4] : roleArn;
}
