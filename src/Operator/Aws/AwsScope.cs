namespace CrossAccountStreams.Operator.Aws;

/// <summary>How to reach one AWS account: the role to assume there and the Region to call.</summary>
public sealed record AwsAccountAccess(string AccountId, string RoleArn, string? ExternalId, string Region);

/// <summary>Who a call is made for; becomes the role session name and session tags, visible in the account's CloudTrail.</summary>
public sealed record SessionContext(string? Namespace, string? Name)
{
    public static SessionContext Operator { get; } = new(null, null);
}

/// <summary>Everything an adapter needs to act in an account on behalf of one object.</summary>
public sealed record AwsScope(AwsAccountAccess Account, SessionContext Session);
