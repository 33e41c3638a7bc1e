namespace CrossAccountStreams.Entities;

/// <summary>
/// Regular expressions shared by the CRD schema and the operator's own checks, so both accept exactly the same input.
/// They are written in the subset of syntax that both RE2 (the API server) and .NET agree on.
/// </summary>
public static class ApiPatterns
{
    public const string AccountId = "^[0-9]{12}$";

    public const string Region = "^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-[0-9]{1,2}$";

    /// <summary>A Kubernetes object name (DNS-1123 subdomain).</summary>
    public const string ObjectName = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";

    public const string TableName = "^[a-zA-Z0-9_.-]{3,255}$";

    /// <summary><c>arn:aws:dynamodb:REGION:ACCOUNT:table/TABLE/stream/LABEL</c>, the label being the stream's creation time.</summary>
    public const string StreamArn =
        "^arn:aws(-cn|-us-gov|-iso|-iso-b)?:dynamodb:[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-[0-9]{1,2}:[0-9]{12}:table/[a-zA-Z0-9_.-]{3,255}/stream/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{3}$";

    /// <summary>Lambda's own pattern for <c>FunctionName</c>: a name, a partial or full ARN, optionally with a version or alias.</summary>
    public const string FunctionName =
        "^(arn:aws(-cn|-us-gov)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-[0-9]{1}:)?([0-9]{12}:)?(function:)?([a-zA-Z0-9_-]+)(:(\\$LATEST|[a-zA-Z0-9_-]+))?$";

    public const string RoleArn = "^arn:aws(-cn|-us-gov)?:iam::[0-9]{12}:role/[a-zA-Z0-9+=,.@_/-]{1,512}$";

    /// <summary>
    /// The characters STS accepts in an external ID. Its length (2 to 1224) is checked separately: RE2 refuses
    /// repetition counts above 1000, so <c>{2,1224}</c> would make the API server reject the whole CRD.
    /// </summary>
    public const string ExternalId = "^[a-zA-Z0-9+=,.@:/_-]+$";

    /// <summary>An SQS queue, SNS topic or S3 bucket ARN, the destinations Lambda accepts for a stream mapping's failed batches.</summary>
    public const string OnFailureDestinationArn =
        "^arn:aws(-cn|-us-gov)?:((sqs|sns):[a-z]{2}(-gov)?-[a-z]+-[0-9]{1,2}:[0-9]{12}:[a-zA-Z0-9_.-]{1,256}|s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9])$";

    /// <summary>Tag keys as Lambda accepts them; the <c>aws:</c> prefix is reserved.</summary>
    public const string TagKey = "^(?!aws:)[a-zA-Z0-9 _.:/=+@-]{1,128}$";

    /// <summary>Tag values as AWS accepts them (letters in any script, digits, spaces, <c>_.:/=+@-</c>); length up to 256 is checked separately.</summary>
    public const string TagValue = "^[\\p{L}\\p{N} _.:/=+@-]*$";
}
