using System.Text.Json.Nodes;
using LocalAws;

namespace CrossAccountStreams.Bench.World;

/// <summary>
/// The LocalAws world of a <see cref="BenchWorld"/>: the platform account of <see cref="DefaultWorld"/> (same operator
/// identity), source accounts with the operator's source role and the tables, target accounts with the operator's
/// target role, the functions and one execution role per function. Roles and policies are those of the default world.
/// </summary>
public static class BenchSeed
{
    public const string SourceRoleName = "stream-subscription-source";
    public const string TargetRoleName = "stream-subscription-target";

    public static string SourceRoleArn(int index) => $"arn:aws:iam::{BenchWorld.SourceAccountId(index)}:role/{SourceRoleName}";

    public static string TargetRoleArn(int index) => $"arn:aws:iam::{BenchWorld.TargetAccountId(index)}:role/{TargetRoleName}";

    public static string SourceExternalId(int index) => $"bench-source-{index:D2}";

    public static string TargetExternalId(int index) => $"bench-target-{index:D2}";

    public static WorldSeed Create(BenchWorld world)
    {
        ArgumentNullException.ThrowIfNull(world);
        var defaults = DefaultWorld.Create();
        var platform = defaults.Accounts.Single(a => a.Id == DefaultWorld.PlatformAccountId);
        var assumable = Enumerable.Range(0, world.SourceAccounts).Select(SourceRoleArn)
            .Concat(Enumerable.Range(0, world.TargetAccounts).Select(TargetRoleArn)).ToArray();
        var operatorRole = platform.Roles.Single(r => r.Name == DefaultWorld.OperatorRoleName) with
        {
            Policies = [Policy(Statement(["sts:AssumeRole", "sts:TagSession"], resources: assumable))],
        };
        var accounts = new List<AccountSeed> { platform with { Roles = [operatorRole] } };

        var tablesByAccount = world.Subscriptions.GroupBy(s => s.SourceAccount).ToDictionary(g => g.Key, g => g.Select(s => s.TableName).Distinct(StringComparer.Ordinal).ToList());
        for (var i = 0; i < world.SourceAccounts; i++)
        {
            accounts.Add(new AccountSeed
            {
                Id = BenchWorld.SourceAccountId(i),
                Roles =
                [
                    OperatorAssumableRole(SourceRoleName, SourceExternalId(i),
                        ["dynamodb:DescribeTable", "dynamodb:GetResourcePolicy", "dynamodb:PutResourcePolicy", "dynamodb:DeleteResourcePolicy"]),
                ],
                Tables = [.. tablesByAccount.GetValueOrDefault(i, []).Select(name => new TableSeed { Name = name, HashKey = "id", StreamViewType = "NEW_AND_OLD_IMAGES" })],
            });
        }

        var functionsByAccount = world.Subscriptions.GroupBy(s => s.TargetAccount).ToDictionary(g => g.Key, g => g.Select(s => s.FunctionName).Distinct(StringComparer.Ordinal).ToList());
        for (var i = 0; i < world.TargetAccounts; i++)
        {
            var accountId = BenchWorld.TargetAccountId(i);
            var functions = functionsByAccount.GetValueOrDefault(i, []);
            accounts.Add(new AccountSeed
            {
                Id = accountId,
                Roles =
                [
                    OperatorAssumableRole(TargetRoleName, TargetExternalId(i),
                    [
                        "lambda:GetFunctionConfiguration", "lambda:GetFunction", "lambda:CreateEventSourceMapping",
                        "lambda:GetEventSourceMapping", "lambda:UpdateEventSourceMapping", "lambda:DeleteEventSourceMapping",
                        "lambda:ListEventSourceMappings", "lambda:TagResource", "lambda:ListTags",
                    ]),
                    .. functions.Select(f => ExecutionRole(f + "-exec")),
                ],
                Functions = [.. functions.Select(f => new FunctionSeed { Name = f, Role = $"arn:aws:iam::{accountId}:role/{f}-exec" })],
            });
        }

        return new WorldSeed { Region = DefaultWorld.Region, Accounts = accounts };
    }

    private static RoleSeed OperatorAssumableRole(string name, string externalId, string[] actions) => new()
    {
        Name = name,
        TrustPolicy = Policy(Statement(
            ["sts:AssumeRole", "sts:TagSession"],
            principal: new JsonObject { ["AWS"] = DefaultWorld.OperatorRoleArn },
            condition: new JsonObject { ["StringEquals"] = new JsonObject { ["sts:ExternalId"] = externalId } })),
        Policies = [Policy(Statement(actions, resources: ["*"]))],
    };

    private static RoleSeed ExecutionRole(string name) => new()
    {
        Name = name,
        TrustPolicy = Policy(Statement(["sts:AssumeRole"], principal: new JsonObject { ["Service"] = "lambda.amazonaws.com" })),
        Policies = [Policy(Statement(["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:ListStreams"], resources: ["*"]))],
    };

    private static JsonObject Policy(JsonObject statement) => new()
    {
        ["Version"] = "2012-10-17",
        ["Statement"] = new JsonArray(statement),
    };

    private static JsonObject Statement(string[] actions, string[]? resources = null, JsonObject? principal = null, JsonObject? condition = null)
    {
        var statement = new JsonObject { ["Effect"] = "Allow" };
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
