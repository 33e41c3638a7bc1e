using System.Text.Json.Nodes;
using LocalKube.Schema;

namespace LocalKube.Tests.Schema;

/// <summary>How rules are bound to values and old values, and how failures are worded.</summary>
public sealed class ValidationRuleEvaluatorTests
{
    private static readonly JsonObject Schema = JsonNode.Parse("""
        {"type":"object","properties":{"spec":{"type":"object","properties":{
          "size":{"type":"integer"},
          "name":{"type":"string","x-kubernetes-validations":[{"rule":"self.size() <= 5","messageExpression":"'name ' + self + ' is longer than 5'"}]},
          "owner":{"type":"string","x-kubernetes-validations":[{"rule":"self != 'nobody'","reason":"FieldValueRequired","message":"an owner is needed"}]},
          "ports":{"type":"array","x-kubernetes-list-type":"map","x-kubernetes-list-map-keys":["name"],
                   "items":{"type":"object","properties":{"name":{"type":"string"},"port":{"type":"integer"}},
                            "x-kubernetes-validations":[{"rule":"self.port == oldSelf.port","message":"port is fixed","reason":"FieldValueForbidden"}]}},
          "labels":{"type":"object","additionalProperties":{"type":"string","x-kubernetes-validations":[{"rule":"self == oldSelf","message":"labels are fixed"}]}}},
          "x-kubernetes-validations":[{"rule":"self.size / (self.size - 3) > 0"}]}}}
        """)!.AsObject();

    private static readonly ValidationRuleSet Rules = ValidationRuleSet.Compile(Schema, "schema").Rules;

    private static ValidationRuleResult Run(string json, string? oldJson = null) =>
        ValidationRuleEvaluator.Validate(Rules, JsonNode.Parse(json)!.AsObject(), oldJson is null ? null : JsonNode.Parse(oldJson)!.AsObject());

    [Fact]
    public void A_valid_object_passes_on_create_and_update()
    {
        Assert.Empty(Run("""{"spec":{"size":4,"name":"abc","ports":[{"name":"http","port":80}],"labels":{"a":"1"}}}""").Errors);
        Assert.Empty(Run(
            """{"spec":{"size":4,"ports":[{"name":"grpc","port":90},{"name":"http","port":80}],"labels":{"a":"1","b":"2"}}}""",
            """{"spec":{"size":4,"ports":[{"name":"http","port":80}],"labels":{"a":"1"}}}""").Errors);
    }

    public static TheoryData<string, string?, string> Failures() => new()
    {
        { """{"spec":{"size":4,"name":"abcdefg"}}""", null, "spec.name: Invalid value: \"string\": name abcdefg is longer than 5" },
        { """{"spec":{"size":4,"owner":"nobody"}}""", null, "spec.owner: Required value: an owner is needed" },
        { """{"spec":{"size":3}}""", null, "spec: Invalid value: \"object\": division by zero evaluating rule: self.size / (self.size - 3) > 0" },
        // Map-list items are matched by key, so a changed port is caught wherever the item moved to.
        {
            """{"spec":{"size":4,"ports":[{"name":"grpc","port":90},{"name":"http","port":81}]}}""",
            """{"spec":{"size":4,"ports":[{"name":"http","port":80},{"name":"grpc","port":90}]}}""",
            "spec.ports[1]: Forbidden: port is fixed"
        },
        { """{"spec":{"size":4,"labels":{"a":"2"}}}""", """{"spec":{"size":4,"labels":{"a":"1"}}}""", "spec.labels[a]: Invalid value: \"string\": labels are fixed" },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void A_failing_rule_is_reported_as_kube_apiserver_reports_it(string json, string? oldJson, string expected)
    {
        var error = Assert.Single(Run(json, oldJson).Errors);
        Assert.Equal(expected, error.ToString());
    }

    [Fact]
    public void An_unchanged_failing_value_only_warns_but_a_transition_rule_still_fails()
    {
        var result = Run("""{"spec":{"size":4,"name":"abcdefg","owner":"me"}}""", """{"spec":{"size":4,"name":"abcdefg","owner":"you"}}""");
        Assert.Empty(result.Errors);
        Assert.Equal(["spec.name: Invalid value: \"string\": name abcdefg is longer than 5"], result.Warnings);
    }

    [Fact]
    public void Transition_rules_skip_values_the_old_object_did_not_have()
    {
        Assert.Empty(Run("""{"spec":{"size":4,"ports":[{"name":"http","port":81}],"labels":{"new":"x"}}}""", """{"spec":{"size":4}}""").Errors);
        Assert.Empty(Run("""{"spec":{"size":4,"ports":[{"name":"http","port":81}]}}""").Errors);
    }
}
