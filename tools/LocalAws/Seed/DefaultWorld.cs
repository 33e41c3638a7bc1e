using System.Text.Json.Nodes;

namespace LocalAws;

/// <summary>
/// The ready-made world: a platform account whose operator role assumes roles in two source accounts (tables with
/// streams) and one target account (Lambda functions with execution roles). Region eu-west-1 everywhere.
/// </summary>
public static class DefaultWorld
{
    public const string Region = "eu-west-1";

    public const string PlatformAccountId = "100000000001";
    public const string SourceAccountId = "111111111111";
    public const string TargetAccountId = "222222222222";
    public const string SecondSourceAccountId = "333333333333";

    public const string OperatorRoleName = "stream-subscription-operator";
    public const string OperatorRoleArn = "arn:aws:iam::100000000001:role/stream-subscription-operator";
    public const string OperatorAccessKeyId = "AKIAPLATFORMOPERATOR1";
    public const string OperatorSecretAccessKey = "platform-operator-secret";
    /// <summary>The operator key signs as this session of the operator role.</summary>
    public const string OperatorSessionName = "stream-subscription-operator";
    public const string OperatorSessionArn = "arn:aws:sts::100000000001:assumed-role/stream-subscription-operator/stream-subscription-operator";

    public const string SourceRoleArn = "arn:aws:iam::111111111111:role/stream-subscription-source";
    public const string SourceExternalId = "source-external-id";
    public const string OrdersTableName = "Orders";

    public const string SecondSourceRoleArn = "arn:aws:iam::333333333333:role/stream-subscription-source";
    public const string SecondSourceExternalId = "source-b-external-id";
    public const string PaymentsTableName = "Payments";

    public const string TargetRoleArn = "arn:aws:iam::222222222222:role/stream-subscription-target";
    public const string TargetExternalId = "target-external-id";
    public const string OrderProcessorFunctionName = "order-processor";
    public const string OrderProcessorFunctionArn = "arn:aws:lambda:eu-west-1:222222222222:function:order-processor";
    public const string OrderProcessorExecutionRoleArn = "arn:aws:iam::222222222222:role/order-processor-exec";
    public const string AnalyticsIngestFunctionName = "analytics-ingest";
    public const string AnalyticsIngestFunctionArn = "arn:aws:lambda:eu-west-1:222222222222:function:analytics-ingest";
    public const string AnalyticsIngestExecutionRoleArn = "arn:aws:iam::222222222222:role/analytics-ingest-exec";

    /// <summary>Each account also has a root access key "AKIAROOT" + account id, secret "root-secret-" + account id.</summary>
    public static string RootAccessKeyId(string accountId) => "AKIAROOT" + accountId;

    public static string RootSecretAccessKey(string accountId) => "root-secret-" + accountId;

    public static WorldSeed Create() => new()
    {
        Region = Region,
        Accounts =
        [
            new AccountSeed
            {
                Id = PlatformAccountId,
                AccessKeys =
                [
                    new AccessKeySeed
                    {
                        AccessKeyId = OperatorAccessKeyId,
                        SecretAccessKey = OperatorSecretAccessKey,
                        Principal = OperatorRoleArn,
                        SessionName = OperatorSessionName,
                    },
                    RootKey(PlatformAccountId),
                ],
                Roles =
                [
                    new RoleSeed
                    {
                        Name = OperatorRoleName,
                        TrustPolicy = Policy(Statement("Allow", ["sts:AssumeRole"], principal: new JsonObject { ["AWS"] = $"arn:aws:iam::{PlatformAccountId}:root" })),
                        Policies =
                        [
                            Policy(Statement("Allow", ["sts:AssumeRole", "sts:TagSession"], resources: [SourceRoleArn, SecondSourceRoleArn, TargetRoleArn])),
                        ],
                    },
                ],
            },
            SourceAccount(SourceAccountId, SourceExternalId, OrdersTableName),
            SourceAccount(SecondSourceAccountId, SecondSourceExternalId, PaymentsTableName),
            new AccountSeed
            {
                Id = TargetAccountId,
                AccessKeys = [RootKey(TargetAccountId)],
                Roles =
                [
                    OperatorAssumableRole("stream-subscription-target", TargetExternalId,
                    [
                        "lambda:GetFunctionConfiguration", "lambda:GetFunction", "lambda:CreateEventSourceMapping",
                        "lambda:GetEventSourceMapping", "lambda:UpdateEventSourceMapping", "lambda:DeleteEventSourceMapping",
                        "lambda:ListEventSourceMappings", "lambda:TagResource", "lambda:ListTags",
                    ]),
                    ExecutionRole("order-processor-exec"),
                    ExecutionRole("analytics-ingest-exec"),
                ],
                Functions =
                [
                    new FunctionSeed { Name = OrderProcessorFunctionName, Role = OrderProcessorExecutionRoleArn, Aliases = ["live"] },
                    new FunctionSeed { Name = AnalyticsIngestFunctionName, Role = AnalyticsIngestExecutionRoleArn },
                ],
            },
        ],
    };

    private static AccountSeed SourceAccount(string accountId, string externalId, string tableName) => new()
    {
        Id = accountId,
        AccessKeys = [RootKey(accountId)],
        Roles =
        [
            OperatorAssumableRole("stream-subscription-source", externalId,
                ["dynamodb:DescribeTable", "dynamodb:GetResourcePolicy", "dynamodb:PutResourcePolicy", "dynamodb:DeleteResourcePolicy"]),
        ],
        Tables = [new TableSeed { Name = tableName, HashKey = "id", HashKeyType = "S", StreamViewType = "NEW_AND_OLD_IMAGES" }],
    };

    private static RoleSeed OperatorAssumableRole(string name, string externalId, string[] actions) => new()
    {
        Name = name,
        TrustPolicy = Policy(Statement(
            "Allow",
            ["sts:AssumeRole", "sts:TagSession"],
            principal: new JsonObject { ["AWS"] = OperatorRoleArn },
            condition: new JsonObject { ["StringEquals"] = new JsonObject { ["sts:ExternalId"] = externalId } })),
        Policies = [Policy(Statement("Allow", actions, resources: ["*"]))],
    };

    private static RoleSeed ExecutionRole(string name) => new()
    {
        Name = name,
        TrustPolicy = Policy(Statement("Allow", ["sts:AssumeRole"], principal: new JsonObject { ["Service"] = "lambda.amazonaws.com" })),
        Policies =
        [
            Policy(Statement("Allow",
                ["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:ListStreams"],
                resources: ["*"])),
        ],
    };

    private static AccessKeySeed RootKey(string accountId) => new()
    {
        AccessKeyId = RootAccessKeyId(accountId),
        SecretAccessKey = RootSecretAccessKey(accountId),
        Principal = "root",
    };

    private static JsonObject Policy(JsonObject statement) => new()
    {
        ["Version"] = "2012-10-17",
        ["Statement"] = new JsonArray(statement),
    };

    private static JsonObject Statement(string effect, string[] actions, string[]? resources = null, JsonObject? principal = null, JsonObject? condition = null)
    {
        var statement = new JsonObject { ["Effect"] = effect };
        if (principal is not null)
        {
            statement["Principal"] = principal;
        }
        statement["Action"] = new JsonArray([.. actions.Select(a => (JsonNode)JsonValue.Create(a))]);
        if (resources is not null)
        {
            statement["Resource"] = new JsonArray([.. resources.Select(r => (JsonNode)JsonValue.Create(r))]);
        }
        if (condition is not null)
        {
            statement["Condition"] = condition;
        }
        return statement;
    }
}
