namespace CrossAccountStreams.Operator.Aws.Credentials;

/// <summary>STS, as the operator uses it: assume a role from the operator's own identity, and ask who a session is.</summary>
public interface IRoleAssumer
{
    Task<TemporaryCredentials> AssumeRoleAsync(AssumeRoleInput input, CancellationToken cancellationToken);

    Task<CallerIdentity> GetCallerIdentityAsync(AwsAccountAccess account, TemporaryCredentials credentials, CancellationToken cancellationToken);
}

/// <summary>Temporary credentials for acting in an account on behalf of one object.</summary>
public interface IAccountCredentialsProvider
{
    Task<TemporaryCredentials> GetAsync(AwsScope scope, CancellationToken cancellationToken);
}
