using System.Text.Json.Nodes;
using LocalKube.Json;
using LocalKube.Schema;

namespace LocalKube.Tests.Schema;

/// <summary>Pruning, defaulting and validation against the Widget test CRD's schema, with kube-apiserver's wording.</summary>
public sealed class SchemaProcessingTests
{
    private static readonly JsonObject WidgetSchema = (JsonObject)YamlJson.ParseSingle(
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "widgets.test.localkube.io.yaml")))!
        ["spec"]!["versions"]![0]!["schema"]!["openAPIV3Schema"]!;

    public static TheoryData<string, string> Violations() => new()
    {
        { """{"spec":{"size":0}}""", "spec.size: Invalid value: 0: spec.size in body should be greater than or equal to 1" },
        { """{"spec":{"size":11}}""", "spec.size: Invalid value: 11: spec.size in body should be less than or equal to 10" },
        { """{"spec":{}}""", "spec.size: Required value" },
        { """{"spec":{"size":"big"}}""", "spec.size: Invalid value: \"string\": spec.size in body must be of type integer: \"string\"" },
        { """{"spec":{"size":1,"color":"green"}}""", "spec.color: Unsupported value: \"green\": supported values: \"red\", \"blue\"" },
        { """{"spec":{"size":1,"name":"abcdef"}}""", "spec.name: Too long: may not be more than 5 bytes" },
        { """{"spec":{"size":1,"name":"AB"}}""", "spec.name: Invalid value: \"AB\": spec.name in body should match '^[a-z]+$'" },
        { """{"spec":{"size":1,"tags":["a","b","c"]}}""", "spec.tags: Too many: 3: must have at most 2 items" },
        { """{"spec":{"size":1,"labels":{"a":"1","b":"2","c":"3"}}}""", "spec.labels: Too many: 3: must have at most 2 items" },
        { """{"spec":{"size":1,"labels":{"a":1}}}""", "spec.labels[a]: Invalid value: \"integer\": spec.labels[a] in body must be of type string: \"integer\"" },
        { """{"spec":{"size":1},"status":{"conditions":[{"type":"Ready","status":"True"},{"type":"Ready","status":"False"}]}}""", "status.conditions[1]: Duplicate value: map[string]interface {}{\"status\":\"False\", \"type\":\"Ready\"}" },
        { """{"spec":{"size":1},"status":{"conditions":[{"type":"Ready"}]}}""", "status.conditions[0].status: Required value" },
    };

    [Theory]
    [MemberData(nameof(Violations))]
    public void An_invalid_widget_is_reported_with_field_path_and_reason(string json, string expected)
    {
        var obj = JsonNode.Parse(json)!.AsObject();
        SchemaPruner.Prune(obj, WidgetSchema);
        SchemaDefaulter.Apply(obj, WidgetSchema);
        var error = Assert.Single(SchemaValidator.Validate(obj, WidgetSchema));
        Assert.Equal(expected, error.ToString());
    }

    [Fact]
    public void A_valid_widget_passes()
    {
        var obj = JsonNode.Parse("""{"spec":{"size":3,"color":"blue","name":"abc","tags":["x"],"labels":{"a":"b"}}}""")!.AsObject();
        Assert.Empty(SchemaValidator.Validate(obj, WidgetSchema));
    }

    [Fact]
    public void Pruning_drops_undeclared_fields_but_keeps_preserved_subtrees_and_object_metadata()
    {
        var obj = JsonNode.Parse("""
            {"apiVersion":"test.localkube.io/v1","kind":"Widget","metadata":{"name":"w","labels":{"a":"b"}},
             "spec":{"size":1,"unknown":true,"extra":{"anything":{"goes":1}}},"topLevel":1}
            """)!.AsObject();
        var removed = SchemaPruner.Prune(obj, WidgetSchema);
        Assert.Equal(["spec.unknown", "topLevel"], removed);
        Assert.Equal(1, obj["spec"]!["extra"]!["anything"]!["goes"]!.GetValue<int>());
        Assert.Equal("b", obj["metadata"]!["labels"]!["a"]!.GetValue<string>());
    }

    [Fact]
    public void Defaulting_fills_absent_fields_and_leaves_set_ones_alone()
    {
        var absent = JsonNode.Parse("""{"spec":{"size":1}}""")!.AsObject();
        SchemaDefaulter.Apply(absent, WidgetSchema);
        Assert.Equal("red", absent["spec"]!["color"]!.GetValue<string>());

        var set = JsonNode.Parse("""{"spec":{"size":1,"color":"blue"}}""")!.AsObject();
        SchemaDefaulter.Apply(set, WidgetSchema);
        Assert.Equal("blue", set["spec"]!["color"]!.GetValue<string>());
    }
}
