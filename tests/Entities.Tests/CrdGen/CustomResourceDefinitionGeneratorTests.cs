using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CrossAccountStreams.CrdGen;
using CrossAccountStreams.Entities.Tests.Support;
using CrossAccountStreams.Entities.V1Alpha1;
using k8s;
using k8s.Models;

namespace CrossAccountStreams.Entities.Tests.CrdGen;

/// <summary>What users of kubectl see of the generated CRDs: names, scope, columns, status, explain text and rules.</summary>
public sealed class CustomResourceDefinitionGeneratorTests
{
    private static readonly string SubscriptionKind = V1Alpha1StreamSubscription.KubeKind;
    private static readonly string AccountKind = V1Alpha1AwsAccount.KubeKind;

    /// <summary>The YAML read by KubernetesClient's own CRD model, as the API server would read it.</summary>
    private static V1CustomResourceDefinition Crd(string kind) =>
        KubernetesYaml.Deserialize<V1CustomResourceDefinition>(GeneratedCrds.ForKind(kind).ToYaml());

    [Fact]
    public void Every_entity_of_the_API_group_gets_a_CRD()
    {
        Assert.Equal(
            ["awsaccounts.streams.crossaccount.io", "streamsubscriptions.streams.crossaccount.io"],
            GeneratedCrds.All.Select(c => c.Name));
        Assert.Equal(
            ["streams.crossaccount.io_awsaccounts.yaml", "streams.crossaccount.io_streamsubscriptions.yaml"],
            GeneratedCrds.All.Select(c => c.FileName));
    }

    [Fact]
    public void StreamSubscription_is_namespaced_with_short_name_ssub_in_categories_aws_and_streams()
    {
        var crd = Crd(SubscriptionKind);

        Assert.Equal("Namespaced", crd.Spec.Scope);
        Assert.Equal(["ssub"], crd.Spec.Names.ShortNames);
        Assert.Equal(["aws", "streams"], crd.Spec.Names.Categories);
        Assert.Equal("streamsubscriptions", crd.Spec.Names.Plural);
        Assert.Equal("streamsubscription", crd.Spec.Names.Singular);
        Assert.Equal("StreamSubscriptionList", crd.Spec.Names.ListKind);
    }

    [Fact]
    public void AwsAccount_is_cluster_scoped()
    {
        var crd = Crd(AccountKind);

        Assert.Equal("Cluster", crd.Spec.Scope);
        Assert.Equal(["awsacct"], crd.Spec.Names.ShortNames);
        Assert.Equal("awsaccounts", crd.Spec.Names.Plural);
    }

    [Theory]
    [InlineData("StreamSubscription")]
    [InlineData("AwsAccount")]
    public void Status_is_a_subresource_and_the_single_version_is_served_and_stored(string kind)
    {
        var version = Assert.Single(Crd(kind).Spec.Versions);

        Assert.NotNull(version.Subresources?.Status);
        Assert.Equal("v1alpha1", version.Name);
        Assert.True(version.Served);
        Assert.True(version.Storage);
    }

    [Fact]
    public void StreamSubscription_columns_show_ready_source_function_mapping_state_and_age()
    {
        var columns = Crd(SubscriptionKind).Spec.Versions[0].AdditionalPrinterColumns
            .Where(c => (c.Priority ?? 0) == 0)
            .ToDictionary(c => c.Name, c => (c.JsonPath, c.Type));

        Assert.Equal(["Ready", "Source", "Function", "Mapping", "Age"], columns.Keys);
        Assert.Equal((".status.conditions[?(@.type==\"Ready\")].status", "string"), columns["Ready"]);
        Assert.Equal((".spec.target.functionName", "string"), columns["Function"]);
        Assert.Equal((".status.eventSourceMappingState", "string"), columns["Mapping"]);
        Assert.Equal((".metadata.creationTimestamp", "date"), columns["Age"]);
    }

    /// <summary>A column whose path names no field shows nothing in kubectl get, without any error.</summary>
    [Theory]
    [InlineData("StreamSubscription")]
    [InlineData("AwsAccount")]
    public void Every_printer_column_points_at_a_field_of_the_schema(string kind)
    {
        var generated = GeneratedCrds.ForKind(kind);
        var columns = (JsonArray)generated.Definition["spec"]!["versions"]![0]!["additionalPrinterColumns"]!;

        foreach (var column in columns)
        {
            var path = (string)column!["jsonPath"]!;
            if (path.StartsWith(".metadata.", StringComparison.Ordinal))
            {
                continue;
            }

            JsonNode? node = GeneratedCrds.SchemaOf(kind);
            // .status.conditions[?(@.type=="Ready")].status: a filter steps into the list's items.
            foreach (var segment in Regex.Replace(path, @"\[[^\]]*\]", "[]").Split('.', StringSplitOptions.RemoveEmptyEntries))
            {
                node = node?["properties"]?[segment.TrimEnd('[', ']')];
                if (segment.EndsWith("[]", StringComparison.Ordinal))
                {
                    node = node?["items"];
                }
            }

            Assert.True(node is not null, $"{kind} column {column["name"]}: {path} is not in the schema");
        }
    }

    [Theory]
    [InlineData("StreamSubscription")]
    [InlineData("AwsAccount")]
    public void Every_property_has_a_description_for_kubectl_explain(string kind)
    {
        var missing = new List<string>();
        Walk(GeneratedCrds.SchemaOf(kind), "", (path, schema) =>
        {
            if (path != ".metadata" && string.IsNullOrWhiteSpace((string?)schema["description"]))
            {
                missing.Add(path);
            }
        });

        Assert.True(missing.Count == 0, $"{kind}: no description on {string.Join(", ", missing)}");
    }

    [Fact]
    public void Source_requires_exactly_one_of_tableName_and_streamArn_both_in_CEL_and_in_plain_OpenAPI()
    {
        var source = Spec(SubscriptionKind)["properties"]!["source"]!;

        Assert.Equal("""[{"required":["tableName"]},{"required":["streamArn"]}]""", source["oneOf"]!.ToJsonString());
        Assert.Contains(Rules(source), r => (string?)r["rule"] == "has(self.tableName) != has(self.streamArn)"
            && (string?)r["message"] == "exactly one of tableName or streamArn must be set");
    }

    [Fact]
    public void Immutable_fields_and_cross_field_rules_are_CEL_validations_with_field_paths()
    {
        var mapping = Spec(SubscriptionKind)["properties"]!["mapping"]!;
        var source = Spec(SubscriptionKind)["properties"]!["source"]!;
        var accountSpec = Spec(AccountKind);

        var startingPosition = Assert.Single(Rules(mapping), r => ((string)r["rule"]!).Contains("oldSelf", StringComparison.Ordinal));
        Assert.Equal(".startingPosition", (string?)startingPosition["fieldPath"]);
        Assert.Equal("FieldValueForbidden", (string?)startingPosition["reason"]);
        Assert.Contains(Rules(source), r => (string?)r["fieldPath"] == ".streamArn");
        Assert.Contains(Rules(accountSpec["properties"]!["accountId"]!), r => (string?)r["rule"] == "self == oldSelf");
        Assert.Contains(Rules(accountSpec), r => (string?)r["fieldPath"] == ".roleArn");
        // Moving a subscription to another account or Region would strand its statement and mapping in the old one.
        var target = Spec(SubscriptionKind)["properties"]!["target"]!;
        foreach (var (field, schema) in new[] { ("spec.source.account", source["properties"]!["account"]!), ("spec.source.region", source["properties"]!["region"]!), ("spec.target.account", target["properties"]!["account"]!) })
        {
            Assert.Contains(Rules(schema), r => (string?)r["rule"] == "self == oldSelf" && ((string)r["message"]!).StartsWith(field + " is immutable", StringComparison.Ordinal));
        }

        Assert.Single(Rules(mapping["properties"]!["tags"]!));
    }

    [Fact]
    public void Record_age_gap_is_stated_in_plain_OpenAPI_as_well_as_in_CEL()
    {
        var mapping = Spec(SubscriptionKind)["properties"]!["mapping"]!;
        var age = mapping["properties"]!["maximumRecordAgeInSeconds"]!;

        Assert.Equal(-1, (long)age["minimum"]!);
        Assert.Equal(604800, (long)age["maximum"]!);
        Assert.Equal("""{"maximum":59,"minimum":0}""", age["not"]!.ToJsonString());
        Assert.Contains(Rules(mapping), r => (string?)r["fieldPath"] == ".maximumRecordAgeInSeconds");
    }

    [Fact]
    public void Enums_use_their_JSON_names_and_defaults_are_rendered()
    {
        var spec = Spec(SubscriptionKind);
        var mapping = spec["properties"]!["mapping"]!["properties"]!;

        Assert.Equal("""["LATEST","TRIM_HORIZON"]""", mapping["startingPosition"]!["enum"]!.ToJsonString());
        Assert.Equal("LATEST", (string?)mapping["startingPosition"]!["default"]);
        Assert.Equal(100, (long)mapping["batchSize"]!["default"]!);
        Assert.True((bool)mapping["enabled"]!["default"]!);
        Assert.Equal("""["Delete","Retain"]""", spec["properties"]!["deletionPolicy"]!["enum"]!.ToJsonString());
        Assert.Equal("Delete", (string?)spec["properties"]!["deletionPolicy"]!["default"]);
        Assert.Equal("""["Manage","ObserveOnly","Paused"]""", spec["properties"]!["managementPolicy"]!["enum"]!.ToJsonString());
    }

    [Theory]
    [InlineData("StreamSubscription")]
    [InlineData("AwsAccount")]
    public void Conditions_have_the_metav1_Condition_shape_keyed_by_type(string kind)
    {
        var conditions = GeneratedCrds.SchemaOf(kind)["properties"]!["status"]!["properties"]!["conditions"]!;
        var item = conditions["items"]!;

        Assert.Equal("map", (string?)conditions["x-kubernetes-list-type"]);
        Assert.Equal("""["type"]""", conditions["x-kubernetes-list-map-keys"]!.ToJsonString());
        Assert.Equal("""["lastTransitionTime","message","reason","status","type"]""", item["required"]!.ToJsonString());
        Assert.Equal("""["True","False","Unknown"]""", item["properties"]!["status"]!["enum"]!.ToJsonString());
        Assert.Equal("date-time", (string?)item["properties"]!["lastTransitionTime"]!["format"]);
        Assert.Equal(1024, (long)item["properties"]!["reason"]!["maxLength"]!);
        Assert.Equal(32768, (long)item["properties"]!["message"]!["maxLength"]!);
        Assert.Equal(316, (long)item["properties"]!["type"]!["maxLength"]!);
        Assert.NotNull((string?)item["properties"]!["reason"]!["pattern"]);
    }

    [Fact]
    public void Namespace_selector_renders_as_matchLabels_and_matchExpressions()
    {
        var selector = Spec(AccountKind)["properties"]!["allowedNamespaces"]!["properties"]!["selector"]!;

        Assert.Equal("string", (string?)selector["properties"]!["matchLabels"]!["additionalProperties"]!["type"]);
        Assert.Equal("""["key","operator"]""", selector["properties"]!["matchExpressions"]!["items"]!["required"]!.ToJsonString());
        Assert.Equal(["matchExpressions", "matchLabels"], selector["properties"]!.AsObject().Select(p => p.Key).Order());
    }

    [Theory]
    [InlineData("StreamSubscription")]
    [InlineData("AwsAccount")]
    public void Metadata_is_only_an_object_and_spec_is_required(string kind)
    {
        var schema = GeneratedCrds.SchemaOf(kind);

        Assert.Equal("""{"type":"object"}""", schema["properties"]!["metadata"]!.ToJsonString());
        Assert.Equal("""["spec"]""", schema["required"]!.ToJsonString());
    }

    [Fact]
    public void Generation_is_deterministic()
    {
        var first = new CustomResourceDefinitionGenerator().Generate(typeof(ApiGroup).Assembly).Select(d => d.ToYaml());
        var second = new CustomResourceDefinitionGenerator().Generate(typeof(ApiGroup).Assembly).Select(d => d.ToYaml());

        Assert.Equal(first, second);
    }

    private static JsonNode Spec(string kind) => GeneratedCrds.SchemaOf(kind)["properties"]!["spec"]!;

    private static IEnumerable<JsonNode> Rules(JsonNode schema) =>
        schema["x-kubernetes-validations"]?.AsArray().Select(r => r!) ?? [];

    private static void Walk(JsonNode schema, string path, Action<string, JsonNode> visitProperty)
    {
        foreach (var (name, property) in schema["properties"]?.AsObject() ?? [])
        {
            visitProperty($"{path}.{name}", property!);
            Walk(property!, $"{path}.{name}", visitProperty);
        }

        if (schema["items"] is { } items)
        {
            Walk(items, path + "[]", visitProperty);
        }

        if (schema["additionalProperties"] is JsonObject values)
        {
            Walk(values, path + ".*", visitProperty);
        }
    }
}
