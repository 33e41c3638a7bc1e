using LocalAws.Iam;

namespace LocalAws.Services.DynamoDb;

/// <summary>Whether a principal may read a stream the way a Lambda event source mapping does.</summary>
public static class StreamReadAccess
{
    /// <summary>The stream-resource actions Lambda needs (DescribeStream, GetRecords, GetShardIterator).</summary>
    public static readonly string[] StreamActions = ["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"];

    /// <summary>
    /// True when the role may read the stream: its identity policy allows ListStreams (not resource-scoped) and, for each
    /// stream action, IAM evaluation with the stream's resource policy allows it (both must allow across accounts).
    /// </summary>
    public static bool RoleCanRead(AwsWorld world, IamRole role, DynamoStream stream)
    {
        var session = Caller.ForRoleSession(role, "AWSLambdaEventSourceMapping");
        var identity = role.IdentityPolicies;
        var listAllowed = Authorizer.Authorize(
            new RequestContext(session, "dynamodb:ListStreams", "*", session.AccountId),
            identity, null).Allowed;
        if (!listAllowed)
        {
            return false;
        }
        return StreamActions.All(action => Authorizer.Authorize(
            new RequestContext(session, action, stream.Arn, stream.AccountId), identity, stream.Policy?.Parsed).Allowed);
    }
}
