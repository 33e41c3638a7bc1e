namespace CrossAccountStreams.Operator.Tests.Reconciliation.Golden;

/// <summary>Stream policies before and after the operator touches them, byte for byte.</summary>
public static class StreamPolicyGoldens
{
    public const string StreamArn = "arn:aws:dynamodb:eu-west-1:111111111111:table/Orders/stream/2026-01-01T00:00:00.000";
    public const string RoleArn = "arn:aws:iam::222222222222:role/order-processor-exec";
    public const string Sid = "StreamSubscription0123456789ABCDEF0123456789ABCDEF";

    /// <summary>What the operator writes to a stream that had no policy.</summary>
    public const string OnlyOurs =
        """{"Version":"2012-10-17","Statement":[{"Sid":"StreamSubscription0123456789ABCDEF0123456789ABCDEF","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::222222222222:role/order-processor-exec"},"Action":["dynamodb:DescribeStream","dynamodb:GetRecords","dynamodb:GetShardIterator"],"Resource":"arn:aws:dynamodb:eu-west-1:111111111111:table/Orders/stream/2026-01-01T00:00:00.000"}]}""";

    /// <summary>Someone else's policy, with Statement as a single object and a condition.</summary>
    public const string Foreign =
        """
        {
          "Version": "2012-10-17",
          "Id": "audit-access",
          "Statement": {
            "Sid": "AuditReadOnly",
            "Effect": "Allow",
            "Principal": { "AWS": ["arn:aws:iam::333333333333:role/auditor"] },
            "Action": "dynamodb:DescribeStream",
            "Resource": "*",
            "Condition": { "StringEquals": { "aws:PrincipalOrgID": "o-abc123" } }
          }
        }
        """;

    /// <summary>The foreign policy with our statement added: theirs untouched (as an array element), ours after it.</summary>
    public const string ForeignPlusOurs =
        """{"Version":"2012-10-17","Id":"audit-access","Statement":[{"Sid":"AuditReadOnly","Effect":"Allow","Principal":{"AWS":["arn:aws:iam::333333333333:role/auditor"]},"Action":"dynamodb:DescribeStream","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-abc123"}}},{"Sid":"StreamSubscription0123456789ABCDEF0123456789ABCDEF","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::222222222222:role/order-processor-exec"},"Action":["dynamodb:DescribeStream","dynamodb:GetRecords","dynamodb:GetShardIterator"],"Resource":"arn:aws:dynamodb:eu-west-1:111111111111:table/Orders/stream/2026-01-01T00:00:00.000"}]}""";

    /// <summary>Our statement with an outdated principal, between two foreign statements.</summary>
    public const string OursOutdatedBetweenOthers =
        """
        {"Version":"2012-10-17","Statement":[
          {"Sid":"First","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444444444444:role/a"},"Action":"dynamodb:GetRecords","Resource":"*"},
          {"Sid":"StreamSubscription0123456789ABCDEF0123456789ABCDEF","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::222222222222:role/old-exec"},"Action":["dynamodb:DescribeStream","dynamodb:GetRecords","dynamodb:GetShardIterator"],"Resource":"arn:aws:dynamodb:eu-west-1:111111111111:table/Orders/stream/2026-01-01T00:00:00.000"},
          {"Sid":"Last","Effect":"Deny","Principal":"*","Action":"dynamodb:*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}
        ]}
        """;

    /// <summary>The same with our statement brought up to date in place.</summary>
    public const string OursUpdatedBetweenOthers =
        """{"Version":"2012-10-17","Statement":[{"Sid":"First","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444444444444:role/a"},"Action":"dynamodb:GetRecords","Resource":"*"},{"Sid":"StreamSubscription0123456789ABCDEF0123456789ABCDEF","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::222222222222:role/order-processor-exec"},"Action":["dynamodb:DescribeStream","dynamodb:GetRecords","dynamodb:GetShardIterator"],"Resource":"arn:aws:dynamodb:eu-west-1:111111111111:table/Orders/stream/2026-01-01T00:00:00.000"},{"Sid":"Last","Effect":"Deny","Principal":"*","Action":"dynamodb:*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}""";

    /// <summary>The same with our statement removed.</summary>
    public const string OthersWithoutOurs =
        """{"Version":"2012-10-17","Statement":[{"Sid":"First","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444444444444:role/a"},"Action":"dynamodb:GetRecords","Resource":"*"},{"Sid":"Last","Effect":"Deny","Principal":"*","Action":"dynamodb:*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}""";

    /// <summary>Our statement as another tool might store it: scalar principal list, shuffled and re-cased actions, object Statement.</summary>
    public const string OursReformatted =
        """
        {"Statement":{"Resource":["arn:aws:dynamodb:eu-west-1:111111111111:table/Orders/stream/2026-01-01T00:00:00.000"],
          "Action":["DynamoDB:GetShardIterator","dynamodb:describestream","dynamodb:GetRecords"],
          "Principal":{"AWS":["arn:aws:iam::222222222222:role/order-processor-exec"]},
          "Effect":"Allow","Sid":"StreamSubscription0123456789ABCDEF0123456789ABCDEF"},
         "Version":"2012-10-17"}
        """;
}
