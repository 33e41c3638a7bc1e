namespace LocalAws.Iam;

/// <summary>What kind of principal made a request.</summary>
public enum PrincipalKind
{
    Root,
    User,
    AssumedRole,
    Service,
}

/// <summary>The authenticated principal of a request, as IAM evaluates it.</summary>
/// <param name="AccountId">The principal's account.</param>
/// <param name="Arn">The caller ARN (assumed-role session ARN for role sessions).</param>
/// <param name="Kind">Root, user, role session or service.</param>
/// <param name="UserId">What GetCallerIdentity reports as UserId.</param>
/// <param name="RoleArn">The role ARN behind an assumed-role session.</param>
/// <param name="SessionName">The role session name.</param>
public sealed record Caller(
    string AccountId,
    string Arn,
    PrincipalKind Kind,
    string UserId,
    string? RoleArn = null,
    string? SessionName = null)
{
    public IReadOnlyDictionary<string, string> SessionTags { get; init; } = new Dictionary<string, string>();

    /// <summary>The value of aws:PrincipalArn: the role ARN for role sessions, else the caller ARN.</summary>
    public string PrincipalArn => RoleArn ?? Arn;

    public static Caller ForRoleSession(IamRole role, string sessionName) => new(
        role.AccountId,
        $"arn:aws:sts::{role.AccountId}:assumed-role/{role.Name}/{sessionName}",
        PrincipalKind.AssumedRole,
        $"{role.RoleId}:{sessionName}",
        role.Arn,
        sessionName);

    public static Caller ForRoot(string accountId) => new(accountId, $"arn:aws:iam::{accountId}:root", PrincipalKind.Root, accountId);

    public static Caller ForUser(IamUser user) => new(user.AccountId, user.Arn, PrincipalKind.User, user.UserId);
}
