using System.Text.Json.Nodes;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using LocalAws;

namespace CrossAccountStreams.Reliability.Tests.World;

/// <summary>A stream policy written by the account's own people before the operator came: its exact text and statements.</summary>
public sealed record ForeignPolicy(string StreamArn, string Id, IReadOnlyList<string> Statements);

/// <summary>A mapping the operator does not manage: the legacy consumer reading a stream its account was granted.</summary>
public sealed record ForeignMapping(string Uuid, string StreamArn, string FunctionArn);

/// <summary>
/// What exists before the operator runs and must survive it untouched: statements with other Sids (or none) and
/// other principals in some stream policies, and mappings of a function no subscription names. Every fourth stream
/// carries them; statement texts are compact JSON, as DynamoDB stores what it is given.
/// </summary>
public sealed class ForeignGrants
{
    private ForeignGrants(IReadOnlyList<ForeignPolicy> policies, IReadOnlyList<ForeignMapping> mappings)
    {
        Policies = policies;
        Mappings = mappings;
    }

    public IReadOnlyList<ForeignPolicy> Policies { get; }

    public IReadOnlyList<ForeignMapping> Mappings { get; }

    public int StatementCount => Policies.Sum(p => p.Statements.Count);

    /// <summary>Writes the policies as each source account's root and creates the legacy mappings as each target account's root.</summary>
    public static async Task<ForeignGrants> PlaceAsync(LocalAwsServer server)
    {
        ArgumentNullException.ThrowIfNull(server);
        var policies = new List<ForeignPolicy>();
        var mappings = new List<ForeignMapping>();
        foreach (var stream in FaultWorld.Streams.Where(s => s.Index % 4 == 0))
        {
            var arn = server.World.LatestStreamArn(stream.Account.Id, stream.Table)
                ?? throw new InvalidOperationException($"Table {stream.Table} in {stream.Account.Id} has no stream.");
            var legacyTarget = FaultWorld.Targets[stream.Index / 4 % FaultWorld.Targets.Count];
            var statements = Statements(stream, arn, legacyTarget.ExecutionRoleArn(FaultWorld.LegacyFunction));
            var policy = new ForeignPolicy(arn, $"legacy-grants-{stream.Index}", [.. statements.Select(s => s.ToJsonString())]);
            var document = new JsonObject
            {
                ["Version"] = "2012-10-17",
                ["Id"] = policy.Id,
                // IAM accepts one statement as an object; the operator must keep it when it turns Statement into a list.
                ["Statement"] = statements.Count == 1 ? statements[0] : new JsonArray([.. statements]),
            };
            using (var dynamo = RootDynamoDb(server, stream.Account.Id))
            {
                await dynamo.PutResourcePolicyAsync(new PutResourcePolicyRequest { ResourceArn = arn, Policy = document.ToJsonString() });
            }

            policies.Add(policy);
            using var lambda = new AccountLambdaClient(server, legacyTarget.Id);
            var uuid = await lambda.CreateMappingAsync(FaultWorld.LegacyFunction, arn);
            mappings.Add(new ForeignMapping(uuid, arn, legacyTarget.FunctionArn(FaultWorld.LegacyFunction)));
        }

        return new ForeignGrants(policies, mappings);
    }

    private static List<JsonObject> Statements(StreamRef stream, string streamArn, string legacyRole)
    {
        var statements = new List<JsonObject>
        {
            new()
            {
                ["Sid"] = "LegacyConsumerRead",
                ["Effect"] = "Allow",
                ["Principal"] = new JsonObject { ["AWS"] = legacyRole },
                ["Action"] = new JsonArray("dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:ListStreams"),
                ["Resource"] = "*",
            },
        };
        if (stream.Index % 8 == 0)
        {
            statements.Add(new JsonObject
            {
                ["Sid"] = "DenyAuditorRecords",
                ["Effect"] = "Deny",
                ["Principal"] = new JsonObject { ["AWS"] = new JsonArray(stream.Account.AuditorRoleArn) },
                ["Action"] = "dynamodb:GetRecords",
                ["Resource"] = streamArn,
            });
        }

        if (stream.Index % 12 == 0)
        {
            // No Sid at all: still someone else's statement.
            statements.Add(new JsonObject
            {
                ["Effect"] = "Allow",
                ["Principal"] = new JsonObject { ["AWS"] = stream.Account.AuditorRoleArn },
                ["Action"] = "dynamodb:DescribeStream",
                ["Resource"] = streamArn,
                ["Condition"] = new JsonObject { ["StringEquals"] = new JsonObject { ["aws:PrincipalTag/team"] = "audit" } },
            });
        }

        return statements;
    }

    private static AmazonDynamoDBClient RootDynamoDb(LocalAwsServer server, string accountId) => new(
        new BasicAWSCredentials(DefaultWorld.RootAccessKeyId(accountId), DefaultWorld.RootSecretAccessKey(accountId)),
        new AmazonDynamoDBConfig { ServiceURL = server.Endpoint.ToString(), AuthenticationRegion = FaultWorld.Region, MaxErrorRetry = 0 });
}
