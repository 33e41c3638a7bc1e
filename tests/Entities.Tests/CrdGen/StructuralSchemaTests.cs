using System.Text.Json.Nodes;
using CrossAccountStreams.Entities.Tests.Support;

namespace CrossAccountStreams.Entities.Tests.CrdGen;

/// <summary>
/// The API server refuses a CRD whose schema is not structural, whose defaults do not validate, or whose CEL rules
/// point at fields that do not exist. There is no API server in the tests, so these rules are checked here.
/// </summary>
public sealed class StructuralSchemaTests
{
    private static readonly string[] ForbiddenInJunctors = ["type", "description", "default", "additionalProperties", "nullable"];

    public static TheoryData<string> Kinds => [.. GeneratedCrds.All.Select(c => c.Kind)];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Every_node_outside_junctors_has_a_type(string kind)
    {
        var untyped = new List<string>();
        Walk(GeneratedCrds.SchemaOf(kind), "", (path, schema) =>
        {
            if (schema["type"] is null && schema["x-kubernetes-int-or-string"] is null && schema["x-kubernetes-preserve-unknown-fields"] is null)
            {
                untyped.Add(path);
            }
        });

        Assert.True(untyped.Count == 0, $"{kind}: no type at {string.Join(", ", untyped)}");
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Junctors_hold_only_value_validations(string kind)
    {
        var problems = new List<string>();
        Walk(GeneratedCrds.SchemaOf(kind), "", (path, schema) =>
        {
            foreach (var junctor in new[] { "oneOf", "anyOf", "allOf" })
            {
                foreach (var (branch, index) in (schema[junctor]?.AsArray() ?? []).Select((b, i) => (b!, i)))
                {
                    problems.AddRange(Forbidden(branch, $"{path}.{junctor}[{index}]"));
                }
            }

            if (schema["not"] is { } not)
            {
                problems.AddRange(Forbidden(not, $"{path}.not"));
            }
        });

        Assert.True(problems.Count == 0, $"{kind}: {string.Join(", ", problems)}");
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Every_default_validates_against_its_own_schema(string kind)
    {
        var defaults = 0;
        Walk(GeneratedCrds.SchemaOf(kind), "", (path, schema) =>
        {
            if (schema["default"] is { } value)
            {
                defaults++;
                var violations = new KubernetesSchemaValidator(schema.AsObject()).Validate(value.DeepClone());
                Assert.True(violations.Count == 0, $"{kind} {path}: default {value.ToJsonString()} is invalid: {string.Join("; ", violations)}");
            }
        });

        Assert.True(kind != "StreamSubscription" || defaults > 0, "StreamSubscription declares defaults, none were found");
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Every_CEL_field_path_names_a_property_of_its_node(string kind)
    {
        var problems = new List<string>();
        Walk(GeneratedCrds.SchemaOf(kind), "", (path, schema) =>
        {
            foreach (var rule in schema["x-kubernetes-validations"]?.AsArray() ?? [])
            {
                if ((string?)rule!["fieldPath"] is { } fieldPath && schema["properties"]?[fieldPath.TrimStart('.')] is null)
                {
                    problems.Add($"{path}: fieldPath {fieldPath} of rule {rule["rule"]}");
                }
            }
        });

        Assert.True(problems.Count == 0, $"{kind}: {string.Join(", ", problems)}");
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void List_map_keys_are_required_in_the_items(string kind)
    {
        Walk(GeneratedCrds.SchemaOf(kind), "", (path, schema) =>
        {
            if ((string?)schema["x-kubernetes-list-type"] == "map")
            {
                var required = schema["items"]!["required"]?.AsArray().Select(r => (string?)r).ToList() ?? [];
                Assert.All(schema["x-kubernetes-list-map-keys"]!.AsArray(), key => Assert.Contains((string?)key, required));
            }
        });
    }

    private static IEnumerable<string> Forbidden(JsonNode branch, string path) =>
        ForbiddenInJunctors.Where(k => branch[k] is not null).Select(k => $"{path} sets {k}");

    /// <summary>Visits every schema node that describes data: the root, properties, items and map values.</summary>
    private static void Walk(JsonNode schema, string path, Action<string, JsonNode> visit)
    {
        visit(path.Length == 0 ? "<root>" : path, schema);
        foreach (var (name, property) in schema["properties"]?.AsObject() ?? [])
        {
            Walk(property!, $"{path}.{name}", visit);
        }

        if (schema["items"] is { } items)
        {
            Walk(items, path + "[]", visit);
        }

        if (schema["additionalProperties"] is JsonObject values)
        {
            Walk(values, path + ".*", visit);
        }
    }
}
