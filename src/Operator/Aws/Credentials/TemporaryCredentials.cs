namespace CrossAccountStreams.Operator.Aws.Credentials;

/// <summary>An assumed-role session's credentials.</summary>
public sealed record TemporaryCredentials(string AccessKeyId, string SecretAccessKey, string SessionToken, DateTimeOffset Expiration)
{
    // Keep the secret out of logs and exception messages.
    public override string ToString() => $"TemporaryCredentials {{ AccessKeyId = {AccessKeyId}, Expiration = {Expiration:O} }}";
}

/// <summary>What to ask STS for when assuming a role.</summary>
public sealed record AssumeRoleInput(
    string RoleArn,
    string? ExternalId,
    string RoleSessionName,
    IReadOnlyList<KeyValuePair<string, string>> SessionTags,
    TimeSpan Duration,
    string Region);

/// <summary>Who STS says the caller is.</summary>
public sealed record CallerIdentity(string AccountId, string Arn);
