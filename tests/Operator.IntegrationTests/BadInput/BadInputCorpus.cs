using System.Text.Json.Nodes;
using CrossAccountStreams.Entities;
using LocalAws;
using static CrossAccountStreams.Operator.IntegrationTests.BadInput.Expectation;

namespace CrossAccountStreams.Operator.IntegrationTests.BadInput;

/// <summary>
/// The malformed and hostile inputs. Every case starts from a valid object (the default world's Orders table read by
/// order-processor, through the AwsAccounts "source" and "target") and breaks one thing. Where only a CEL rule
/// states the constraint, the case accepts either the API server's refusal or a Stalled subscription, so it holds
/// whether or not the API server evaluates CEL; where OpenAPI states it, the refusal is required.
/// </summary>
public static class BadInputCorpus
{
    /// <summary>The namespace the "source" and "target" AwsAccounts allow.</summary>
    public const string Namespace = "bad";

    /// <summary>A namespace no AwsAccount allows.</summary>
    public const string ForeignNamespace = "intruder";

    /// <summary>A table in the source account without a stream (added to the default world).</summary>
    public const string TableWithoutStream = "Plain";

    /// <summary>A role in the source account whose trust policy trusts only an unrelated account (added to the default world).</summary>
    public const string RoleTrustingNobody = "arn:aws:iam::111111111111:role/trusts-nobody";

    private const string Source = DefaultWorld.SourceAccountId;
    private const string Target = DefaultWorld.TargetAccountId;
    private const string SecondSource = DefaultWorld.SecondSourceAccountId;
    private const string Region = DefaultWorld.Region;
    private const string Label = "2026-01-01T00:00:00.000";

    public static IReadOnlyList<BadInputCase> All { get; } = Build();

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var c in All)
        {
            data.Add(c.Name);
        }

        return data;
    }

    public static BadInputCase Named(string name) => All.Single(c => c.Name == name);

    public static JsonObject Subscription(string name, string ns = Namespace, string function = DefaultWorld.OrderProcessorFunctionName) => new()
    {
        ["apiVersion"] = ApiGroup.ApiVersion,
        ["kind"] = "StreamSubscription",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
        ["spec"] = new JsonObject
        {
            ["source"] = new JsonObject { ["account"] = "source", ["region"] = Region, ["tableName"] = DefaultWorld.OrdersTableName },
            ["target"] = new JsonObject { ["account"] = "target", ["functionName"] = function },
        },
    };

    public static JsonObject Account(string name, string accountId, string roleArn, string? externalId, params string[] namespaces)
    {
        var spec = new JsonObject { ["accountId"] = accountId, ["roleArn"] = roleArn, ["regions"] = new JsonArray(Region) };
        if (externalId is not null)
        {
            spec["externalId"] = externalId;
        }

        if (namespaces.Length > 0)
        {
            spec["allowedNamespaces"] = new JsonObject { ["names"] = new JsonArray([.. namespaces.Select(n => (JsonNode)n)]) };
        }

        return new JsonObject
        {
            ["apiVersion"] = ApiGroup.ApiVersion,
            ["kind"] = "AwsAccount",
            ["metadata"] = new JsonObject { ["name"] = name },
            ["spec"] = spec,
        };
    }

    private static string StreamArn(string account, string region = Region, string table = DefaultWorld.OrdersTableName, string label = Label) =>
        $"arn:aws:dynamodb:{region}:{account}:table/{table}/stream/{label}";

    private static JsonArray Filters(int count, string pattern = """{"eventName":["INSERT"]}""") =>
        new([.. Enumerable.Range(0, count).Select(_ => (JsonNode)new JsonObject { ["pattern"] = pattern })]);

    private static JsonObject Tags(int count) =>
        new(Enumerable.Range(0, count).Select(i => new KeyValuePair<string, JsonNode?>($"tag{i}", "v")));

    private static Edit Set(string path, JsonNode? value) => new(path, value, Remove: false);

    private static Edit Unset(string path) => new(path, null, Remove: true);

    private static Edit Stream(string arn) => new("spec.source", new JsonObject { ["account"] = "source", ["region"] = Region, ["streamArn"] = arn }, Remove: false);

    private static List<BadInputCase> Build()
    {
        var corpus = new CorpusBuilder();

        // ARNs of the stream, and the stream in the wrong account or Region.
        corpus.Sub("A stream ARN that is not an ARN is rejected", Rejected("spec.source.streamArn"), Stream("not-an-arn"));
        corpus.Sub("A stream ARN with an 11-digit account ID is rejected", Rejected("spec.source.streamArn"), Stream(StreamArn("11111111111")));
        corpus.Sub("A table ARN given as the stream ARN is rejected", Rejected("spec.source.streamArn"), Stream($"arn:aws:dynamodb:{Region}:{Source}:table/Orders"));
        corpus.Sub("A Kinesis stream ARN given as the stream ARN is rejected", Rejected("spec.source.streamArn"), Stream($"arn:aws:kinesis:{Region}:{Source}:stream/orders"));
        corpus.Sub("A stream ARN breaking out of the policy JSON with a quote is rejected", Rejected("spec.source.streamArn"), Stream(StreamArn(Source, table: "Orders\"},{\"Effect\":\"Allow")));
        corpus.Sub("A stream ARN with a newline is rejected", Rejected("spec.source.streamArn"), Stream(StreamArn(Source) + "\nforged"));
        corpus.Sub("A stream ARN in another Region than spec.source.region is refused", RejectedOrStalled("spec.source.streamArn", "spec.source.streamArn", "us-east-1"), Stream(StreamArn(Source, region: "us-east-1")));
        corpus.Sub("A stream ARN in the target account instead of the source AwsAccount's is Stalled", Stalled("spec.source.streamArn", Target), Stream(StreamArn(Target)));
        corpus.Sub("A stream ARN in an account no AwsAccount describes is Stalled", Stalled("spec.source.streamArn", "999999999999"), Stream(StreamArn("999999999999")));
        corpus.Sub("A stream ARN of another source account used with the source AwsAccount is Stalled", Stalled("spec.source.streamArn", SecondSource), Stream(StreamArn(SecondSource, table: DefaultWorld.PaymentsTableName)));
        corpus.Sub("A well-formed stream ARN of a stream that does not exist is Stalled naming the stream", Stalled("Orders/stream/2001-01-01T00:00:00.000"), Stream(StreamArn(Source, label: "2001-01-01T00:00:00.000")));
        corpus.Sub("Both a table name and a stream ARN is rejected", Rejected("spec.source"), Set("spec.source.streamArn", StreamArn(Source)));
        corpus.Sub("Neither a table name nor a stream ARN is rejected", Rejected("spec.source"), Unset("spec.source.tableName"));

        // Regions.
        corpus.Sub("An upper-case Region is rejected", Rejected("spec.source.region"), Set("spec.source.region", "EU-WEST-1"));
        corpus.Sub("A Region without its number is rejected", Rejected("spec.source.region"), Set("spec.source.region", "eu-west"));
        corpus.Sub("A Region carrying a forged log line after a newline is rejected", Rejected("spec.source.region"), Set("spec.source.region", "eu-west-1\nlevel=info msg=forged"));
        corpus.Sub("A missing Region is rejected", Rejected("spec.source.region"), Unset("spec.source.region"));
        corpus.Sub("A Region the AwsAccounts do not allow is Stalled naming spec.source.region", Stalled("us-east-1", "spec.source.region"), Set("spec.source.region", "us-east-1"));

        // The function.
        corpus.Sub("A function ARN in another Region than the stream is Stalled", Stalled("spec.target.functionName", "us-east-1"), Set("spec.target.functionName", $"arn:aws:lambda:us-east-1:{Target}:function:order-processor"));
        corpus.Sub("A function ARN in the source account instead of the target AwsAccount's is Stalled", Stalled("spec.target.functionName", Source), Set("spec.target.functionName", $"arn:aws:lambda:{Region}:{Source}:function:order-processor"));
        corpus.Sub("A partial function ARN in another account is Stalled", Stalled("spec.target.functionName", SecondSource), Set("spec.target.functionName", $"{SecondSource}:function:order-processor"));
        corpus.Sub("A function name breaking out of JSON with a quote and brace is rejected", Rejected("spec.target.functionName"), Set("spec.target.functionName", "order-processor\"}"));
        corpus.Sub("A function name with CR LF and a forged log line is rejected", Rejected("spec.target.functionName"), Set("spec.target.functionName", "order-processor\r\nINFO forged"));
        corpus.Sub("A function name with an ANSI escape is rejected", Rejected("spec.target.functionName"), Set("spec.target.functionName", "\u001b[31morder-processor"));
        corpus.Sub("An empty function name is rejected", Rejected("spec.target.functionName"), Set("spec.target.functionName", ""));
        corpus.Sub("A function name of 141 characters is rejected", Rejected("spec.target.functionName"), Set("spec.target.functionName", new string('f', 141)));
        corpus.Sub("A function that does not exist is Stalled naming it", Stalled("no-such-function"), Set("spec.target.functionName", "no-such-function"));
        corpus.Sub("A function alias that does not exist is Stalled naming it", Stalled("order-processor:no-such-alias"), Set("spec.target.functionName", "order-processor:no-such-alias"));
        corpus.Sub("A missing target is rejected", Rejected("spec.target"), Unset("spec.target"));

        // The table.
        corpus.Sub("A table that does not exist is Stalled naming it", Stalled("NoSuchTable"), Set("spec.source.tableName", "NoSuchTable"));
        corpus.Sub("A table without a stream is Stalled naming spec.source.tableName", Stalled(TableWithoutStream, "spec.source.tableName"), Set("spec.source.tableName", TableWithoutStream));
        corpus.Sub("A table name of two characters is rejected", Rejected("spec.source.tableName"), Set("spec.source.tableName", "ab"));
        corpus.Sub("A table name breaking out of the policy JSON is rejected", Rejected("spec.source.tableName"), Set("spec.source.tableName", "Orders\",\"Resource\":\"*"));
        corpus.Sub("A table name with a newline is rejected", Rejected("spec.source.tableName"), Set("spec.source.tableName", "Orders\nforged"));
        corpus.Sub("A table name of 256 characters is rejected", Rejected("spec.source.tableName"), Set("spec.source.tableName", new string('t', 256)));

        // AwsAccounts named by the subscription, and the accounts mixed up.
        corpus.Sub("A source AwsAccount that does not exist is Stalled naming spec.source.account", Stalled("ghost", "spec.source.account"), Set("spec.source.account", "ghost"));
        corpus.Sub("A target AwsAccount that does not exist is Stalled naming spec.target.account", Stalled("ghost", "spec.target.account"), Set("spec.target.account", "ghost"));
        corpus.Sub("An AwsAccount name with upper case and an underscore is rejected", Rejected("spec.source.account"), Set("spec.source.account", "Source_Acct"));
        corpus.Sub("An AwsAccount name with a quote is rejected", Rejected("spec.target.account"), Set("spec.target.account", "target\""));
        corpus.Sub("The source AwsAccount used as the target is Stalled naming the function and account", Stalled("order-processor", Source), Set("spec.target.account", "source"));
        corpus.Sub("The target AwsAccount used as the source is Stalled naming the table and account", Stalled("Orders", Target), Set("spec.source.account", "target"));
        corpus.Sub("Source and target AwsAccounts swapped is Stalled", Stalled("Orders", Target), Set("spec.source.account", "target"), Set("spec.target.account", "source"));
        corpus.SubIn(ForeignNamespace, "A namespace the AwsAccounts do not allow is Stalled naming it", Stalled(ForeignNamespace, "spec.allowedNamespaces"));

        // AwsAccounts that cannot be used.
        corpus.SubUsing("An AwsAccount that allows no namespace is Stalled", Stalled("{account}", Namespace, "spec.allowedNamespaces"),
            Account("{account}", Source, DefaultWorld.SourceRoleArn, DefaultWorld.SourceExternalId));
        corpus.SubUsing("An AwsAccount whose role trusts nobody is Stalled naming the account and role", Stalled("{account}", "role/trusts-nobody"),
            Account("{account}", Source, RoleTrustingNobody, DefaultWorld.SourceExternalId, Namespace));
        corpus.SubUsing("An AwsAccount with the wrong external ID is Stalled naming spec.externalId", Stalled("{account}", "spec.externalId"),
            Account("{account}", Source, DefaultWorld.SourceRoleArn, "wrong-external-id", Namespace));
        corpus.SubUsing("An AwsAccount without the external ID its role requires is Stalled", Stalled("{account}", "role/stream-subscription-source"),
            Account("{account}", Source, DefaultWorld.SourceRoleArn, null, Namespace));
        corpus.SubUsing("An AwsAccount naming a role that does not exist is Stalled", Stalled("{account}", "role/no-such-role"),
            Account("{account}", Source, "arn:aws:iam::111111111111:role/no-such-role", DefaultWorld.SourceExternalId, Namespace));
        corpus.SubUsing("An AwsAccount whose role is in another account than its accountId is refused", RejectedOrStalled("spec.roleArn", "{account}", "spec.accountId"),
            Account("{account}", "999999999999", DefaultWorld.SourceRoleArn, DefaultWorld.SourceExternalId, Namespace));
        corpus.SubUsing("An AwsAccount claiming the source account but assuming the target role is refused", RejectedOrStalled("spec.roleArn", "{account}", "spec.accountId"),
            Account("{account}", Source, DefaultWorld.TargetRoleArn, DefaultWorld.TargetExternalId, Namespace));
        corpus.SubUsing("An AwsAccount whose Regions exclude the subscription's Region is Stalled naming the account", Stalled("{account}", "eu-north-1", "spec.source.region"),
            Account("{account}", Source, DefaultWorld.SourceRoleArn, DefaultWorld.SourceExternalId, Namespace), subscriptionEdits: [Set("spec.source.region", "eu-north-1")]);

        // AwsAccounts the schema refuses.
        corpus.Acct("An AwsAccount with an 11-digit account ID is rejected", Rejected("spec.accountId"), Set("spec.accountId", "11111111111"));
        corpus.Acct("An AwsAccount with a letter in its account ID is rejected", Rejected("spec.accountId"), Set("spec.accountId", "11111111111a"));
        corpus.Acct("An AwsAccount with a user ARN as its role is rejected", Rejected("spec.roleArn"), Set("spec.roleArn", "arn:aws:iam::111111111111:user/admin"));
        corpus.Acct("An AwsAccount role ARN breaking out of the trust policy JSON is rejected", Rejected("spec.roleArn"), Set("spec.roleArn", "arn:aws:iam::111111111111:role/x\"}]"));
        corpus.Acct("An AwsAccount external ID with spaces and quotes is rejected", Rejected("spec.externalId"), Set("spec.externalId", "id\" OR \"1\"=\"1"));
        corpus.Acct("An AwsAccount external ID of one character is rejected", Rejected("spec.externalId"), Set("spec.externalId", "x"));
        corpus.Acct("An AwsAccount with an invalid Region is rejected", Rejected("spec.regions[1]"), Set("spec.regions", new JsonArray(Region, "Mars-1")));
        corpus.Acct("An AwsAccount allowing a namespace with an invalid name is rejected", Rejected("spec.allowedNamespaces.names[0]"), Set("spec.allowedNamespaces", new JsonObject { ["names"] = new JsonArray("Bad_NS") }));
        corpus.Acct("An AwsAccount without a role is rejected", Rejected("spec.roleArn"), Unset("spec.roleArn"));
        corpus.AcctStrict("An AwsAccount with an unknown secret field is rejected under strict field validation", Rejected("spec.secretAccessKey"), Set("spec.secretAccessKey", "do-not-store-me"));

        // Every mapping option out of range.
        corpus.Sub("A batch size of 0 is rejected", Rejected("spec.mapping.batchSize"), Set("spec.mapping.batchSize", 0));
        corpus.Sub("A batch size of 10001 is rejected", Rejected("spec.mapping.batchSize"), Set("spec.mapping.batchSize", 10001));
        corpus.Sub("A batch size given as a string is rejected", Rejected("spec.mapping.batchSize"), Set("spec.mapping.batchSize", "100"));
        corpus.Sub("A batching window of -1 seconds is rejected", Rejected("spec.mapping.maximumBatchingWindowInSeconds"), Set("spec.mapping.maximumBatchingWindowInSeconds", -1));
        corpus.Sub("A batching window of 301 seconds is rejected", Rejected("spec.mapping.maximumBatchingWindowInSeconds"), Set("spec.mapping.maximumBatchingWindowInSeconds", 301));
        corpus.Sub("A parallelization factor of 0 is rejected", Rejected("spec.mapping.parallelizationFactor"), Set("spec.mapping.parallelizationFactor", 0));
        corpus.Sub("A parallelization factor of 11 is rejected", Rejected("spec.mapping.parallelizationFactor"), Set("spec.mapping.parallelizationFactor", 11));
        corpus.Sub("Maximum retry attempts of -2 is rejected", Rejected("spec.mapping.maximumRetryAttempts"), Set("spec.mapping.maximumRetryAttempts", -2));
        corpus.Sub("Maximum retry attempts of 10001 is rejected", Rejected("spec.mapping.maximumRetryAttempts"), Set("spec.mapping.maximumRetryAttempts", 10001));
        corpus.Sub("A maximum record age of 30 seconds is rejected", Rejected("spec.mapping.maximumRecordAgeInSeconds"), Set("spec.mapping.maximumRecordAgeInSeconds", 30));
        corpus.Sub("A maximum record age of -2 seconds is rejected", Rejected("spec.mapping.maximumRecordAgeInSeconds"), Set("spec.mapping.maximumRecordAgeInSeconds", -2));
        corpus.Sub("A maximum record age of 604801 seconds is rejected", Rejected("spec.mapping.maximumRecordAgeInSeconds"), Set("spec.mapping.maximumRecordAgeInSeconds", 604801));
        corpus.Sub("A tumbling window of -1 seconds is rejected", Rejected("spec.mapping.tumblingWindowInSeconds"), Set("spec.mapping.tumblingWindowInSeconds", -1));
        corpus.Sub("A tumbling window of 901 seconds is rejected", Rejected("spec.mapping.tumblingWindowInSeconds"), Set("spec.mapping.tumblingWindowInSeconds", 901));
        corpus.Sub("A starting position of AT_TIMESTAMP is rejected", Rejected("spec.mapping.startingPosition"), Set("spec.mapping.startingPosition", "AT_TIMESTAMP"));
        corpus.Sub("A lower-case starting position is rejected", Rejected("spec.mapping.startingPosition"), Set("spec.mapping.startingPosition", "latest"));
        corpus.Sub("An unknown function response type is rejected", Rejected("spec.mapping.functionResponseTypes[0]"), Set("spec.mapping.functionResponseTypes", new JsonArray("Bogus")));
        corpus.Sub("A function response type listed twice is rejected", Rejected("spec.mapping.functionResponseTypes"), Set("spec.mapping.functionResponseTypes", new JsonArray("ReportBatchItemFailures", "ReportBatchItemFailures")));
        corpus.Sub("A Kafka-only metric is rejected", Rejected("spec.mapping.metricsConfig.metrics[0]"), Set("spec.mapping.metricsConfig", new JsonObject { ["metrics"] = new JsonArray("ErrorCount") }));
        corpus.Sub("A Lambda function as on-failure destination is rejected", Rejected("spec.mapping.onFailureDestinationArn"), Set("spec.mapping.onFailureDestinationArn", $"arn:aws:lambda:{Region}:{Target}:function:dlq"));
        corpus.Sub("An on-failure destination breaking out of JSON is rejected", Rejected("spec.mapping.onFailureDestinationArn"), Set("spec.mapping.onFailureDestinationArn", $"arn:aws:sqs:{Region}:{Target}:dlq\",\"Principal\":\"*"));
        corpus.Sub("Enabled given as a string is rejected", Rejected("spec.mapping.enabled"), Set("spec.mapping.enabled", "yes"));
        corpus.Sub("An unknown deletion policy is rejected", Rejected("spec.deletionPolicy"), Set("spec.deletionPolicy", "Orphan"));
        corpus.Sub("An unknown management policy is rejected", Rejected("spec.managementPolicy"), Set("spec.managementPolicy", "Everything"));

        // Filters.
        corpus.Sub("Eleven filters are rejected", Rejected("spec.mapping.filters"), Set("spec.mapping.filters", Filters(11)));
        corpus.Sub("A filter pattern of 4097 characters is rejected", Rejected("spec.mapping.filters[0].pattern"), Set("spec.mapping.filters", Filters(1, "{\"a\":\"" + new string('x', 4089) + "\"}")));
        corpus.Sub("An empty filter pattern is rejected", Rejected("spec.mapping.filters[0].pattern"), Set("spec.mapping.filters", Filters(1, "")));
        corpus.Sub("A filter without a pattern is rejected", Rejected("spec.mapping.filters[0].pattern"), Set("spec.mapping.filters", new JsonArray(new JsonObject())));
        corpus.Sub("A filter pattern that is not JSON is Stalled naming it", Stalled("spec.mapping.filters[1].pattern"), Set("spec.mapping.filters", new JsonArray(new JsonObject { ["pattern"] = """{"eventName":["INSERT"]}""" }, new JsonObject { ["pattern"] = """{"eventName": [INSERT""" })));
        corpus.Sub("A filter pattern that is a JSON array is Stalled naming it", Stalled("spec.mapping.filters[0].pattern"), Set("spec.mapping.filters", Filters(1, "[1,2]")));
        corpus.Sub("A filter pattern breaking out of the filter JSON is Stalled naming it", Stalled("spec.mapping.filters[0].pattern"), Set("spec.mapping.filters", Filters(1, "\"}]},{\"Pattern\":\"*")));

        // Tags.
        corpus.Sub("Fifty-one tags are rejected", Rejected("spec.mapping.tags"), Set("spec.mapping.tags", Tags(51)));
        corpus.Sub("A tag value of 257 characters is rejected", Rejected("spec.mapping.tags[team]"), Set("spec.mapping.tags", new JsonObject { ["team"] = new string('v', 257) }));
        corpus.Sub("A tag value with CR LF and a forged log line is rejected", Rejected("spec.mapping.tags[team]"), Set("spec.mapping.tags", new JsonObject { ["team"] = "a\r\nINFO forged" }));
        corpus.Sub("A tag value with an ANSI escape is rejected", Rejected("spec.mapping.tags[team]"), Set("spec.mapping.tags", new JsonObject { ["team"] = "\u001b[2Jcleared" }));
        corpus.Sub("A tag value breaking out of JSON is rejected", Rejected("spec.mapping.tags[team]"), Set("spec.mapping.tags", new JsonObject { ["team"] = "\"},\"Principal\":\"*" }));
        corpus.Sub("A tag key reserved by AWS is refused", RejectedOrStalled("spec.mapping.tags", "spec.mapping.tags", "aws:owner"), Set("spec.mapping.tags", new JsonObject { ["aws:owner"] = "me" }));
        corpus.Sub("An empty tag key is refused", RejectedOrStalled("spec.mapping.tags", "spec.mapping.tags"), Set("spec.mapping.tags", new JsonObject { [""] = "v" }));
        corpus.Sub("A tag key with a newline is Stalled naming spec.mapping.tags", Stalled("spec.mapping.tags", "team\\nforged"), Set("spec.mapping.tags", new JsonObject { ["team\nforged"] = "v" }));
        corpus.Sub("A tag key breaking out of JSON is Stalled naming spec.mapping.tags", Stalled("spec.mapping.tags", "team\\\"}"), Set("spec.mapping.tags", new JsonObject { ["team\"}"] = "v" }));

        // Unknown fields (kubectl's default is strict field validation).
        corpus.SubStrict("An unknown role field in the source is rejected under strict field validation", Rejected("spec.source.roleArn"), Set("spec.source.roleArn", "arn:aws:iam::111111111111:role/admin"));
        corpus.SubStrict("An unknown execution role field in the target is rejected under strict field validation", Rejected("spec.target.executionRoleArn"), Set("spec.target.executionRoleArn", "arn:aws:iam::222222222222:role/admin"));
        corpus.SubStrict("An unknown mapping option is rejected under strict field validation", Rejected("spec.mapping.kmsKeyArn"), Set("spec.mapping.kmsKeyArn", "arn:aws:kms:eu-west-1:222222222222:key/x"));

        // Metadata.
        corpus.Sub("A subscription name with a quote is rejected", Rejected("metadata.name"), Set("metadata.name", "orders\""));
        corpus.Sub("A label value with a newline is rejected", Rejected("metadata.labels"), Set("metadata.labels", new JsonObject { ["team"] = "a\nb" }));
        return corpus.Cases;
    }

    private sealed record Edit(string Path, JsonNode? Value, bool Remove);

    private sealed class CorpusBuilder
    {
        public List<BadInputCase> Cases { get; } = [];

        private string NextId() => $"c{Cases.Count + 1:D3}";

        public void Sub(string name, Expectation expect, params Edit[] edits) => Add(name, Namespace, expect, strict: false, edits);

        public void SubIn(string ns, string name, Expectation expect, params Edit[] edits) => Add(name, ns, expect, strict: false, edits);

        public void SubStrict(string name, Expectation expect, params Edit[] edits) => Add(name, Namespace, expect, strict: true, edits);

        /// <summary>A subscription reading through an AwsAccount of its own ("{account}" in the case stands for its name).</summary>
        public void SubUsing(string name, Expectation expect, JsonObject account, Edit[]? subscriptionEdits = null)
        {
            var id = NextId();
            var accountName = $"{id}-acct";
            var renamed = JsonNode.Parse(account.ToJsonString().Replace("{account}", accountName, StringComparison.Ordinal))!.AsObject();
            var subscription = Subscription(id);
            subscription["spec"]!["source"]!["account"] = accountName;
            Apply(subscription, subscriptionEdits ?? []);
            Cases.Add(new BadInputCase(name, id, Namespace, [renamed], subscription, Substitute(expect, accountName)));
        }

        public void Acct(string name, Expectation expect, params Edit[] edits) => AddAccount(name, expect, strict: false, edits);

        public void AcctStrict(string name, Expectation expect, params Edit[] edits) => AddAccount(name, expect, strict: true, edits);

        private void AddAccount(string name, Expectation expect, bool strict, Edit[] edits)
        {
            var id = NextId();
            var account = Account(id, Source, DefaultWorld.SourceRoleArn, DefaultWorld.SourceExternalId, Namespace);
            Apply(account, edits);
            Cases.Add(new BadInputCase(name, id, Namespace, [account], null, expect, strict));
        }

        private void Add(string name, string ns, Expectation expect, bool strict, Edit[] edits)
        {
            var subscription = Subscription(NextId(), ns);
            Apply(subscription, edits);
            Cases.Add(new BadInputCase(name, NextId(), ns, [], subscription, expect, strict));
        }

        private static Expectation Substitute(Expectation expect, string accountName) =>
            expect with { StalledMentions = expect.StalledMentions?.Select(m => m.Replace("{account}", accountName, StringComparison.Ordinal)).ToList() };

        private static void Apply(JsonObject root, Edit[] edits)
        {
            foreach (var edit in edits)
            {
                var segments = edit.Path.Split('.');
                var parent = root;
                foreach (var segment in segments[..^1])
                {
                    if (parent[segment] is not JsonObject child)
                    {
                        child = [];
                        parent[segment] = child;
                    }

                    parent = child;
                }

                if (edit.Remove)
                {
                    parent.Remove(segments[^1]);
                }
                else
                {
                    parent[segments[^1]] = edit.Value?.DeepClone();
                }
            }
        }
    }
}
