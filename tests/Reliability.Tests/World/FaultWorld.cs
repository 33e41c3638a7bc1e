using System.Text.Json.Nodes;
using LocalAws;

namespace CrossAccountStreams.Reliability.Tests.World;

/// <summary>A source account: the operator manages stream policies here through <see cref="RoleArn"/>.</summary>
public sealed record SourceAccount(string Name, string Id, string ExternalId, IReadOnlyList<string> Tables)
{
    public string RoleArn => $"arn:aws:iam::{Id}:role/{FaultWorld.SourceRoleName}";

    /// <summary>A role of the account's own that foreign statements name; the operator never uses it.</summary>
    public string AuditorRoleArn => $"arn:aws:iam::{Id}:role/{FaultWorld.AuditorRoleName}";
}

/// <summary>A target account: the operator manages event source mappings here through <see cref="RoleArn"/>.</summary>
public sealed record TargetAccount(string Name, string Id, string ExternalId, IReadOnlyList<string> Functions)
{
    public string RoleArn => $"arn:aws:iam::{Id}:role/{FaultWorld.TargetRoleName}";

    public string FunctionArn(string function) => $"arn:aws:lambda:{FaultWorld.Region}:{Id}:function:{function}";

    public string ExecutionRoleArn(string function) => $"arn:aws:iam::{Id}:role/{function}-exec";
}

/// <summary>One table's stream, by account and table name; its ARN is known once the world exists.</summary>
public sealed record StreamRef(SourceAccount Account, string Table, int Index);

/// <summary>A StreamSubscription of the suite: which stream feeds which function.</summary>
public sealed record PlannedSubscription(string Namespace, string Name, StreamRef Stream, TargetAccount Target, string Function)
{
    public string Key => $"{Namespace}/{Name}";
}

/// <summary>
/// The world of the fault suite: the platform account whose operator identity assumes a role (with an external ID)
/// in each of 5 source accounts (8 tables with streams each) and 2 target accounts (10 functions each, plus a legacy
/// consumer the operator does not manage), and the 200 subscriptions over it. Between one and eight subscriptions
/// share each stream; Lambda allows one mapping per stream and function, so no pair repeats.
/// </summary>
public static class FaultWorld
{
    public const string Region = DefaultWorld.Region;
    public const string SourceRoleName = "stream-subscription-source";
    public const string TargetRoleName = "stream-subscription-target";
    public const string AuditorRoleName = "stream-auditor";
    public const string LegacyFunction = "legacy-consumer";
    public const int TablesPerSource = 8;
    public const int FunctionsPerTarget = 10;

    /// <summary>Subscriptions per stream, repeated over the streams: 50 per 10 streams, 200 over 40.</summary>
    private static readonly int[] SharingPattern = [8, 1, 5, 5, 6, 5, 5, 5, 5, 5];

    public static IReadOnlyList<string> Namespaces { get; } = ["team-a", "team-b", "team-c", "team-d"];

    public static IReadOnlyList<SourceAccount> Sources { get; } =
    [
        .. Enumerable.Range(1, 5).Select(n => new SourceAccount(
            $"source-{n}", $"21000000000{n}", $"source-{n}-external-id",
            [.. Enumerable.Range(0, TablesPerSource).Select(t => $"events-{n}{t}")])),
    ];

    public static IReadOnlyList<TargetAccount> Targets { get; } =
    [
        .. Enumerable.Range(1, 2).Select(n => new TargetAccount(
            $"target-{n}", $"22000000000{n}", $"target-{n}-external-id",
            [.. Enumerable.Range(0, FunctionsPerTarget).Select(f => $"consumer-{f:00}")])),
    ];

    public static IReadOnlyList<StreamRef> Streams { get; } =
    [
        .. Sources.SelectMany((account, a) => account.Tables.Select((table, t) => new StreamRef(account, table, (a * TablesPerSource) + t))),
    ];

    /// <summary>The 200 subscriptions, spread over the namespaces, each a distinct (stream, function) pair.</summary>
    public static IReadOnlyList<PlannedSubscription> Subscriptions { get; } = Plan();

    private static List<PlannedSubscription> Plan()
    {
        var functionCount = Targets.Count * FunctionsPerTarget;
        var planned = new List<PlannedSubscription>();
        foreach (var stream in Streams)
        {
            var count = SharingPattern[stream.Index % SharingPattern.Length];
            for (var j = 0; j < count; j++)
            {
                // 3 is coprime to 20: the functions of one stream are all different.
                var global = ((stream.Index * 7) + (j * 3)) % functionCount;
                var target = Targets[global / FunctionsPerTarget];
                var i = planned.Count;
                planned.Add(new PlannedSubscription(Namespaces[i % Namespaces.Count], $"sub-{i:000}", stream, target, target.Functions[global % FunctionsPerTarget]));
            }
        }

        return planned;
    }

    public static WorldSeed Seed() => new()
    {
        Region = Region,
        Accounts =
        [
            new AccountSeed
            {
                Id = DefaultWorld.PlatformAccountId,
                AccessKeys =
                [
                    new AccessKeySeed
                    {
                        AccessKeyId = DefaultWorld.OperatorAccessKeyId,
                        SecretAccessKey = DefaultWorld.OperatorSecretAccessKey,
                        Principal = DefaultWorld.OperatorRoleArn,
                        SessionName = DefaultWorld.OperatorSessionName,
                    },
                ],
                Roles =
                [
                    new RoleSeed
                    {
                        Name = DefaultWorld.OperatorRoleName,
                        TrustPolicy = Policy(Statement("Allow", ["sts:AssumeRole"], principal: $"arn:aws:iam::{DefaultWorld.PlatformAccountId}:root")),
                        Policies =
                        [
                            Policy(Statement("Allow", ["sts:AssumeRole", "sts:TagSession"],
                                resources: [.. Sources.Select(s => s.RoleArn), .. Targets.Select(t => t.RoleArn)])),
                        ],
                    },
                ],
            },
            .. Sources.Select(SourceSeed),
            .. Targets.Select(TargetSeed),
        ],
    };

    private static AccountSeed SourceSeed(SourceAccount account) => new()
    {
        Id = account.Id,
        AccessKeys = [RootKey(account.Id)],
        Roles =
        [
            OperatorRole(SourceRoleName, account.ExternalId,
                ["dynamodb:DescribeTable", "dynamodb:GetResourcePolicy", "dynamodb:PutResourcePolicy", "dynamodb:DeleteResourcePolicy"]),
            new RoleSeed
            {
                Name = AuditorRoleName,
                TrustPolicy = Policy(Statement("Allow", ["sts:AssumeRole"], principal: $"arn:aws:iam::{account.Id}:root")),
            },
        ],
        Tables = [.. account.Tables.Select(t => new TableSeed { Name = t, HashKey = "id", StreamViewType = "NEW_AND_OLD_IMAGES" })],
    };

    private static AccountSeed TargetSeed(TargetAccount account) => new()
    {
        Id = account.Id,
        AccessKeys = [RootKey(account.Id)],
        Roles =
        [
            OperatorRole(TargetRoleName, account.ExternalId,
            [
                "lambda:GetFunctionConfiguration", "lambda:GetFunction", "lambda:CreateEventSourceMapping",
                "lambda:GetEventSourceMapping", "lambda:UpdateEventSourceMapping", "lambda:DeleteEventSourceMapping",
                "lambda:ListEventSourceMappings", "lambda:TagResource", "lambda:ListTags",
            ]),
            .. account.Functions.Append(LegacyFunction).Select(f => ExecutionRole($"{f}-exec")),
        ],
        Functions = [.. account.Functions.Append(LegacyFunction).Select(f => new FunctionSeed { Name = f, Role = account.ExecutionRoleArn(f) })],
    };

    private static RoleSeed OperatorRole(string name, string externalId, string[] actions) => new()
    {
        Name = name,
        TrustPolicy = Policy(Statement(
            "Allow", ["sts:AssumeRole", "sts:TagSession"], principal: DefaultWorld.OperatorRoleArn,
            condition: new JsonObject { ["StringEquals"] = new JsonObject { ["sts:ExternalId"] = externalId } })),
        Policies = [Policy(Statement("Allow", actions, resources: ["*"]))],
    };

    private static RoleSeed ExecutionRole(string name) => new()
    {
        Name = name,
        TrustPolicy = new JsonObject
        {
            ["Version"] = "2012-10-17",
            ["Statement"] = new JsonArray(new JsonObject
            {
                ["Effect"] = "Allow",
                ["Principal"] = new JsonObject { ["Service"] = "lambda.amazonaws.com" },
                ["Action"] = "sts:AssumeRole",
            }),
        },
        Policies =
        [
            Policy(Statement("Allow", ["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:ListStreams"], resources: ["*"])),
        ],
    };

    private static AccessKeySeed RootKey(string accountId) => new()
    {
        AccessKeyId = DefaultWorld.RootAccessKeyId(accountId),
        SecretAccessKey = DefaultWorld.RootSecretAccessKey(accountId),
    };

    private static JsonObject Policy(JsonObject statement) => new()
    {
        ["Version"] = "2012-10-17",
        ["Statement"] = new JsonArray(statement),
    };

    private static JsonObject Statement(string effect, string[] actions, string[]? resources = null, string? principal = null, JsonObject? condition = null)
    {
        var statement = new JsonObject { ["Effect"] = effect };
        if (principal is not null)
        {
            statement["Principal"] = new JsonObject { ["AWS"] = principal };
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
