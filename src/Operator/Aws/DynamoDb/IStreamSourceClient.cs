namespace CrossAccountStreams.Operator.Aws.DynamoDb;

/// <summary>What DescribeTable says about a table's stream.</summary>
public sealed record TableStream(string TableName, bool StreamEnabled, string? LatestStreamArn, string? LatestStreamLabel);

/// <summary>A resource policy as stored, with the revision to pass back as <c>ExpectedRevisionId</c>.</summary>
public sealed record ResourcePolicy(string Document, string RevisionId);

/// <summary>The source account's DynamoDB: the table's latest stream and the stream's resource policy.</summary>
public interface IStreamSourceClient
{
    /// <summary>Value passed as <c>ExpectedRevisionId</c> to create a policy only when none exists.</summary>
    public const string NoPolicy = "NO_POLICY";

    Task<TableStream> DescribeTableStreamAsync(AwsScope scope, string tableName, CancellationToken cancellationToken);

    /// <summary>Returns null when the stream has no policy; throws <see cref="AwsErrorKind.NotFound"/> when the stream does not exist.</summary>
    Task<ResourcePolicy?> GetResourcePolicyAsync(AwsScope scope, string resourceArn, CancellationToken cancellationToken);

    /// <summary>Writes the policy if its revision is still <paramref name="expectedRevisionId"/>; returns the new revision.</summary>
    Task<string> PutResourcePolicyAsync(AwsScope scope, string resourceArn, string document, string expectedRevisionId, CancellationToken cancellationToken);

    /// <summary>Deletes the policy if its revision is still <paramref name="expectedRevisionId"/>.</summary>
    Task DeleteResourcePolicyAsync(AwsScope scope, string resourceArn, string expectedRevisionId, CancellationToken cancellationToken);
}
