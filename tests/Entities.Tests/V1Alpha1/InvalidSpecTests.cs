using System.Text.Json.Nodes;
using CrossAccountStreams.Entities.Tests.Support;
using CrossAccountStreams.Entities.V1Alpha1;

namespace CrossAccountStreams.Entities.Tests.V1Alpha1;

/// <summary>
/// Bad input must be refused by the schema, before the operator sees it, with the offending field named. Each case
/// starts from a valid object and breaks exactly one thing.
/// </summary>
public sealed class InvalidSpecTests
{
    private const string Subscription = V1Alpha1StreamSubscription.KubeKind;
    private const string Account = V1Alpha1AwsAccount.KubeKind;

    private static readonly Dictionary<string, InvalidCase> Cases = new InvalidCase[]
    {
        new("an account ID with eleven digits", Account, "spec.accountId", Set("spec.accountId", "11111111111")),
        new("an account ID with letters", Account, "spec.accountId", Set("spec.accountId", "11111111111a")),
        new("an account ID written as a number instead of a string", Account, "spec.accountId", Set("spec.accountId", 111111111111L)),
        new("a role ARN that names a user instead of a role", Account, "spec.roleArn", Set("spec.roleArn", "arn:aws:iam::111111111111:user/operator")),
        new("a role ARN without an account", Account, "spec.roleArn", Set("spec.roleArn", "arn:aws:iam:::role/stream-subscription-source")),
        new("an external ID with a space", Account, "spec.externalId", Set("spec.externalId", "source external id")),
        new("an external ID of one character", Account, "spec.externalId", Set("spec.externalId", "x")),
        new("an external ID over 1224 characters", Account, "spec.externalId", Set("spec.externalId", new string('x', 1225))),
        new("an allowed Region that is not a Region", Account, "spec.regions[0]", Set("spec.regions", new JsonArray("europe"))),
        new("the same allowed Region twice", Account, "spec.regions", Set("spec.regions", new JsonArray("eu-west-1", "eu-west-1"))),
        new("an allowed namespace name in capitals", Account, "spec.allowedNamespaces.names[0]", Set("spec.allowedNamespaces.names", new JsonArray("Orders"))),
        new("a namespace selector with an unknown operator", Account, "spec.allowedNamespaces.selector.matchExpressions[0].operator",
            Set("spec.allowedNamespaces.selector", JsonNode.Parse("""{"matchExpressions":[{"key":"team","operator":"Like","values":["a"]}]}"""))),
        new("an account without a role ARN", Account, "spec", Remove("spec.roleArn")),

        new("both tableName and streamArn", Subscription, "spec.source",
            Set("spec.source.streamArn", "arn:aws:dynamodb:eu-west-1:111111111111:table/Orders/stream/2024-01-01T00:00:00.000")),
        new("neither tableName nor streamArn", Subscription, "spec.source", Remove("spec.source.tableName")),
        new("a malformed stream ARN", Subscription, "spec.source.streamArn",
            Remove("spec.source.tableName"), Set("spec.source.streamArn", "arn:aws:dynamodb:eu-west-1:111111111111:table/Orders")),
        new("a stream ARN of another service", Subscription, "spec.source.streamArn",
            Remove("spec.source.tableName"), Set("spec.source.streamArn", "arn:aws:kinesis:eu-west-1:111111111111:stream/Orders")),
        new("a table name of two characters", Subscription, "spec.source.tableName", Set("spec.source.tableName", "Or")),
        new("a bad region", Subscription, "spec.source.region", Set("spec.source.region", "Europe-West")),
        new("a source account that is an account ID rather than an AwsAccount name", Subscription, "spec.source.account", Set("spec.source.account", 111111111111L)),
        new("a source account name with capitals", Subscription, "spec.source.account", Set("spec.source.account", "Orders-Source")),
        new("a missing target", Subscription, "spec", Remove("spec.target")),
        new("a function name with a space", Subscription, "spec.target.functionName", Set("spec.target.functionName", "order processor")),
        new("batch size 0", Subscription, "spec.mapping.batchSize", Set("spec.mapping.batchSize", 0)),
        new("batch size 10001", Subscription, "spec.mapping.batchSize", Set("spec.mapping.batchSize", 10001)),
        new("batch size as a string", Subscription, "spec.mapping.batchSize", Set("spec.mapping.batchSize", "100")),
        new("a batching window of 301 seconds", Subscription, "spec.mapping.maximumBatchingWindowInSeconds", Set("spec.mapping.maximumBatchingWindowInSeconds", 301)),
        new("an unknown startingPosition", Subscription, "spec.mapping.startingPosition", Set("spec.mapping.startingPosition", "AT_TIMESTAMP")),
        new("startingPosition in the C# spelling", Subscription, "spec.mapping.startingPosition", Set("spec.mapping.startingPosition", "TrimHorizon")),
        new("parallelizationFactor 11", Subscription, "spec.mapping.parallelizationFactor", Set("spec.mapping.parallelizationFactor", 11)),
        new("parallelizationFactor 0", Subscription, "spec.mapping.parallelizationFactor", Set("spec.mapping.parallelizationFactor", 0)),
        new("maximumRetryAttempts -2", Subscription, "spec.mapping.maximumRetryAttempts", Set("spec.mapping.maximumRetryAttempts", -2)),
        new("maximumRecordAgeInSeconds 30, inside the gap between -1 and 60", Subscription, "spec.mapping.maximumRecordAgeInSeconds", Set("spec.mapping.maximumRecordAgeInSeconds", 30)),
        new("maximumRecordAgeInSeconds 0", Subscription, "spec.mapping.maximumRecordAgeInSeconds", Set("spec.mapping.maximumRecordAgeInSeconds", 0)),
        new("maximumRecordAgeInSeconds over a week", Subscription, "spec.mapping.maximumRecordAgeInSeconds", Set("spec.mapping.maximumRecordAgeInSeconds", 604801)),
        new("a tumbling window of 901 seconds", Subscription, "spec.mapping.tumblingWindowInSeconds", Set("spec.mapping.tumblingWindowInSeconds", 901)),
        new("too many filters", Subscription, "spec.mapping.filters",
            Set("spec.mapping.filters", new JsonArray([.. Enumerable.Range(0, 11).Select(i => (JsonNode)new JsonObject { ["pattern"] = $$"""{"eventName":["INSERT{{i}}"]}""" })]))),
        new("a filter pattern too long", Subscription, "spec.mapping.filters[0].pattern",
            Set("spec.mapping.filters", new JsonArray(new JsonObject { ["pattern"] = "{\"a\":[\"" + new string('x', 4096) + "\"]}" }))),
        new("a filter without a pattern", Subscription, "spec.mapping.filters[0]", Set("spec.mapping.filters", new JsonArray(new JsonObject()))),
        new("an unknown function response type", Subscription, "spec.mapping.functionResponseTypes[0]", Set("spec.mapping.functionResponseTypes", new JsonArray("ReportEverything"))),
        new("an unknown metric", Subscription, "spec.mapping.metricsConfig.metrics[0]", Set("spec.mapping.metricsConfig", JsonNode.Parse("""{"metrics":["ErrorCount"]}"""))),
        new("a bad on-failure ARN", Subscription, "spec.mapping.onFailureDestinationArn", Set("spec.mapping.onFailureDestinationArn", "arn:aws:lambda:eu-west-1:222222222222:function:dlq")),
        new("an on-failure queue ARN without an account", Subscription, "spec.mapping.onFailureDestinationArn", Set("spec.mapping.onFailureDestinationArn", "arn:aws:sqs:eu-west-1::failures")),
        new("a tag value over 256 characters", Subscription, "spec.mapping.tags.team", Set("spec.mapping.tags", new JsonObject { ["team"] = new string('x', 257) })),
        new("51 tags", Subscription, "spec.mapping.tags",
            Set("spec.mapping.tags", new JsonObject(Enumerable.Range(0, 51).Select(i => KeyValuePair.Create($"k{i}", (JsonNode?)"v"))))),
        new("enabled as the string yes", Subscription, "spec.mapping.enabled", Set("spec.mapping.enabled", "yes")),
        new("an unknown deletionPolicy", Subscription, "spec.deletionPolicy", Set("spec.deletionPolicy", "Orphan")),
        new("an unknown managementPolicy", Subscription, "spec.managementPolicy", Set("spec.managementPolicy", "ReadOnly")),
        new("a misspelt mapping field", Subscription, "spec.mapping.batchsize", Set("spec.mapping.batchsize", 10)),

        new("a condition reason with a space", Subscription, "status.conditions[0].reason", Set("status", Status(reason: "Not synced"))),
        new("a condition status of Maybe", Subscription, "status.conditions[0].status", Set("status", Status(status: "Maybe"))),
        new("a condition without lastTransitionTime", Subscription, "status.conditions[0]", Set("status", Status(lastTransitionTime: null))),
        new("a lastTransitionTime that is not a timestamp", Account, "status.conditions[0].lastTransitionTime", Set("status", Status(lastTransitionTime: "yesterday"))),
    }.ToDictionary(c => c.Name);

    public static TheoryData<string> CaseNames => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Invalid_object_is_rejected_naming_the_field(string name)
    {
        var invalid = Cases[name];
        var obj = invalid.Kind == Subscription ? ValidSubscription() : ValidAccount();
        foreach (var mutate in invalid.Mutations)
        {
            mutate(obj);
        }

        var violations = GeneratedCrds.ValidatorFor(invalid.Kind).Validate(obj);

        Assert.True(violations.Count > 0, $"{name}: the schema accepted it");
        Assert.True(violations.Any(v => v.Path == invalid.FieldPath),
            $"{name}: expected a violation at {invalid.FieldPath}, got:\n{string.Join('\n', violations)}");
    }

    [Fact]
    public void Valid_objects_the_cases_start_from_are_accepted()
    {
        Assert.Empty(GeneratedCrds.ValidatorFor(Subscription).Validate(ValidSubscription()));
        Assert.Empty(GeneratedCrds.ValidatorFor(Account).Validate(ValidAccount()));
    }

    [Theory]
    [InlineData("a stream ARN instead of a table name", "spec.source", """{"account":"orders-source","region":"eu-west-1","streamArn":"arn:aws:dynamodb:eu-west-1:111111111111:table/Orders/stream/2024-01-01T00:00:00.000"}""")]
    [InlineData("a function ARN with an alias", "spec.target", """{"account":"functions-target","functionName":"arn:aws:lambda:eu-west-1:222222222222:function:order-processor:live"}""")]
    [InlineData("no record age limit (-1)", "spec.mapping", """{"maximumRecordAgeInSeconds":-1}""")]
    [InlineData("the shortest record age limit (60)", "spec.mapping", """{"maximumRecordAgeInSeconds":60}""")]
    [InlineData("an S3 bucket as on-failure destination", "spec.mapping", """{"onFailureDestinationArn":"arn:aws:s3:::order-failures"}""")]
    [InlineData("an SNS topic as on-failure destination", "spec.mapping", """{"onFailureDestinationArn":"arn:aws:sns:eu-west-1:222222222222:order-failures"}""")]
    [InlineData("the largest batch", "spec.mapping", """{"batchSize":10000,"parallelizationFactor":10}""")]
    [InlineData("a status as the operator writes it", "status", """{"observedGeneration":3,"conditions":[{"type":"Ready","status":"True","reason":"Synced","message":"","lastTransitionTime":"2026-01-01T00:00:00Z","observedGeneration":3},{"type":"Stalled","status":"False","reason":"Synced","message":"","lastTransitionTime":"2026-01-01T00:00:00Z"}],"streamArn":"arn:aws:dynamodb:eu-west-1:111111111111:table/Orders/stream/2024-01-01T00:00:00.000","eventSourceMappingState":"Enabled","lastSyncTime":"2026-01-01T00:05:00Z"}""")]
    public void Valid_variant_is_accepted(string because, string path, string json)
    {
        var obj = ValidSubscription();
        Set(path, JsonNode.Parse(json))(obj);

        var violations = GeneratedCrds.ValidatorFor(Subscription).Validate(obj);

        Assert.True(violations.Count == 0, $"{because}: {string.Join('\n', violations)}");
    }

    private static JsonObject ValidSubscription() => (JsonObject)JsonNode.Parse("""
        {
          "apiVersion": "streams.crossaccount.io/v1alpha1",
          "kind": "StreamSubscription",
          "metadata": { "name": "orders-to-order-processor", "namespace": "orders" },
          "spec": {
            "source": { "account": "orders-source", "region": "eu-west-1", "tableName": "Orders" },
            "target": { "account": "functions-target", "functionName": "order-processor" },
            "mapping": { "batchSize": 100, "startingPosition": "TRIM_HORIZON" }
          }
        }
        """)!;

    private static JsonObject ValidAccount() => (JsonObject)JsonNode.Parse("""
        {
          "apiVersion": "streams.crossaccount.io/v1alpha1",
          "kind": "AwsAccount",
          "metadata": { "name": "orders-source" },
          "spec": {
            "accountId": "111111111111",
            "roleArn": "arn:aws:iam::111111111111:role/stream-subscription-source",
            "externalId": "source-external-id",
            "regions": ["eu-west-1"],
            "allowedNamespaces": { "names": ["orders"] }
          }
        }
        """)!;

    /// <summary>A status with one Ready condition, one of whose fields may be broken (null removes it).</summary>
    private static JsonObject Status(string status = "True", string reason = "Synced", string? lastTransitionTime = "2026-01-01T00:00:00Z")
    {
        var condition = new JsonObject { ["type"] = "Ready", ["status"] = status, ["reason"] = reason, ["message"] = "" };
        if (lastTransitionTime is not null)
        {
            condition["lastTransitionTime"] = lastTransitionTime;
        }

        return new JsonObject { ["observedGeneration"] = 1, ["conditions"] = new JsonArray(condition) };
    }

    /// <summary>Sets a dotted path, creating objects on the way.</summary>
    private static Action<JsonObject> Set(string path, JsonNode? value) => obj =>
    {
        var segments = path.Split('.');
        var parent = segments[..^1].Aggregate(obj, (node, segment) =>
            node[segment] as JsonObject ?? (JsonObject)(node[segment] = new JsonObject()));
        parent[segments[^1]] = value?.DeepClone();
    };

    private static Action<JsonObject> Remove(string path) => obj =>
    {
        var segments = path.Split('.');
        var parent = segments[..^1].Aggregate(obj, (node, segment) => (JsonObject)node[segment]!);
        Assert.True(parent.Remove(segments[^1]), $"{path} is not in the valid object");
    };

    private sealed record InvalidCase(string Name, string Kind, string FieldPath, params Action<JsonObject>[] Mutations);
}
