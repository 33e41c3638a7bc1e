using Amazon.Runtime;
using Amazon.Runtime.Credentials;

namespace CrossAccountStreams.Operator.Aws.Credentials;

/// <summary>The operator's own AWS identity, from which it assumes each account's role.</summary>
public interface IOperatorCredentialsSource
{
    AWSCredentials GetCredentials();
}

/// <summary>The SDK's default credential chain, resolved once: the credentials it returns refresh themselves.</summary>
public sealed class DefaultChainCredentialsSource : IOperatorCredentialsSource
{
    private readonly Lazy<AWSCredentials> credentials = new(() => DefaultAWSCredentialsIdentityResolver.GetCredentials());

    public AWSCredentials GetCredentials() => credentials.Value;
}

/// <summary>Fixed credentials, for hosts that are given them explicitly.</summary>
public sealed class StaticCredentialsSource(AWSCredentials credentials) : IOperatorCredentialsSource
{
    public AWSCredentials GetCredentials() => credentials;
}

internal static class TemporaryCredentialsExtensions
{
    public static SessionAWSCredentials ToSdk(this TemporaryCredentials credentials) =>
        new(credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken);
}
