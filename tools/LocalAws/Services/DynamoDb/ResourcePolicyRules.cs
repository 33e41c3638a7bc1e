using System.Text;
using LocalAws.Iam;

namespace LocalAws.Services.DynamoDb;

/// <summary>
/// What DynamoDB accepts in a resource-based policy: size, JSON shape, principals that exist, and the actions that
/// make sense on the resource (only stream-read actions on a stream; no stream actions on a table).
/// </summary>
public static class ResourcePolicyRules
{
    public const int MaxPolicyBytes = 20 * 1024;

    /// <summary>Stream actions: the only ones a stream policy may grant (AWS DynamoDB DG, "IAM policy to grant read access for a DynamoDB stream only").</summary>
    public static readonly string[] StreamActions =
        ["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:ListStreams"];

    private static readonly string[] TableActions =
    [
        "dynamodb:BatchGetItem", "dynamodb:BatchWriteItem", "dynamodb:ConditionCheckItem", "dynamodb:CreateBackup",
        "dynamodb:CreateTable", "dynamodb:CreateTableReplica", "dynamodb:DeleteItem", "dynamodb:DeleteResourcePolicy",
        "dynamodb:DeleteTable", "dynamodb:DeleteTableReplica", "dynamodb:DescribeContinuousBackups",
        "dynamodb:DescribeContributorInsights", "dynamodb:DescribeKinesisStreamingDestination", "dynamodb:DescribeTable",
        "dynamodb:DescribeTableReplicaAutoScaling", "dynamodb:DescribeTimeToLive", "dynamodb:DisableKinesisStreamingDestination",
        "dynamodb:EnableKinesisStreamingDestination", "dynamodb:ExportTableToPointInTime", "dynamodb:GetItem",
        "dynamodb:GetResourcePolicy", "dynamodb:ImportTable", "dynamodb:ListTagsOfResource", "dynamodb:PartiQLDelete",
        "dynamodb:PartiQLInsert", "dynamodb:PartiQLSelect", "dynamodb:PartiQLUpdate", "dynamodb:PutItem",
        "dynamodb:PutResourcePolicy", "dynamodb:Query", "dynamodb:RestoreTableToPointInTime", "dynamodb:Scan",
        "dynamodb:TagResource", "dynamodb:UntagResource", "dynamodb:UpdateContinuousBackups",
        "dynamodb:UpdateContributorInsights", "dynamodb:UpdateItem", "dynamodb:UpdateKinesisStreamingDestination",
        "dynamodb:UpdateTable", "dynamodb:UpdateTableReplicaAutoScaling", "dynamodb:UpdateTimeToLive",
    ];

    public static int SizeOf(string policy) => Encoding.UTF8.GetByteCount(policy);

    /// <summary>The problem with the policy as DynamoDB words it (after "One or more parameter values were invalid: "), or null.</summary>
    public static string? Validate(PolicyDocument policy, bool forStream, Func<string, bool> principalExists)
    {
        var invalid = new List<string>();
        foreach (var statement in policy.Statements)
        {
            if (statement.Principal is null)
            {
                return "Invalid policy document: Policy statements must specify a Principal.";
            }
            foreach (var action in statement.Actions)
            {
                var matched = StreamActions.Concat(TableActions).Where(known => WildcardPattern.IsMatch(action, known, ignoreCase: true)).ToList();
                if (!action.StartsWith("dynamodb:", StringComparison.OrdinalIgnoreCase) || matched.Count == 0)
                {
                    invalid.Add(action);
                    continue;
                }
                var offending = forStream
                    ? matched.Any(a => !StreamActions.Contains(a, StringComparer.OrdinalIgnoreCase))
                    : matched.All(a => StreamActions.Contains(a, StringComparer.OrdinalIgnoreCase));
                if (offending && !statement.NotAction)
                {
                    invalid.Add(action);
                }
            }
            foreach (var condition in statement.Conditions)
            {
                if (!PolicyEvaluator.IsSupportedOperator(condition.Operator))
                {
                    return $"Invalid policy document: Condition operator {condition.Operator} is not supported.";
                }
            }
            if (statement.Principal.Aws.Any(p => p != "*" && !principalExists(p)))
            {
                return "Invalid principal in policy document.";
            }
        }
        if (invalid.Count > 0)
        {
            return "Invalid policy document: The following action names are invalid: "
                + string.Join(", ", invalid.Distinct(StringComparer.Ordinal).Select(a => $"\"{a}\""));
        }
        var grantsPublicAccess = policy.Statements.Any(s => s.Allow && s.Principal is { Anyone: true } && s.Conditions.Count == 0);
        if (grantsPublicAccess)
        {
            return "Invalid policy document: The policy grants public access, which Block Public Access does not allow.";
        }
        return null;
    }
}
