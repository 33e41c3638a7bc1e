using System.Text.Json.Nodes;
using LocalKube.Schema;

namespace LocalKube.Tests.Schema;

/// <summary>CRD-time checks of <c>x-kubernetes-validations</c>: a rule that would not run is refused, never skipped.</summary>
public sealed class ValidationRuleSetTests
{
    private static JsonObject SchemaWith(string rules, string specProperties = """{"name":{"type":"string"},"items":{"type":"array","items":{"type":"object","properties":{"id":{"type":"string"}},"x-kubernetes-validations":ITEM_RULES}}}""") =>
        JsonNode.Parse("""
            {"type":"object","properties":{"spec":{"type":"object","properties":PROPERTIES,"x-kubernetes-validations":RULES}}}
            """.Replace("PROPERTIES", specProperties.Replace("ITEM_RULES", "[]", StringComparison.Ordinal), StringComparison.Ordinal)
            .Replace("RULES", rules, StringComparison.Ordinal))!.AsObject();

    public static TheoryData<string, string, string> InvalidRules() => new()
    {
        { """[{"rule":""}]""", "spec.x-kubernetes-validations[0].rule", "Required value" },
        { """[{"rule":"self.name == 1"}]""", "spec.x-kubernetes-validations[0].rule", "compilation failed: ERROR: <input>:1:11: found no matching overload for '_==_' applied to '(string, int)'" },
        { """[{"rule":"self.name"}]""", "spec.x-kubernetes-validations[0].rule", "cel expression must evaluate to a bool" },
        { """[{"rule":"has(self.name)","messageExpression":"1 + 1"}]""", "spec.x-kubernetes-validations[0].messageExpression", "must evaluate to a string" },
        { """[{"rule":"has(self.name)","messageExpression":"self.nope"}]""", "spec.x-kubernetes-validations[0].messageExpression", "messageExpression compilation failed: ERROR: <input>:1:5: undefined field 'nope'" },
        { """[{"rule":"has(self.name)","reason":"FieldValueWrong"}]""", "spec.x-kubernetes-validations[0].reason", "Unsupported value: \"FieldValueWrong\"" },
        { """[{"rule":"has(self.name)","fieldPath":".missing"}]""", "spec.x-kubernetes-validations[0].fieldPath", "fieldPath must be a valid path" },
        { """[{"rule":"has(self.name)","message":"two\nlines"}]""", "spec.x-kubernetes-validations[0].message", "message must not contain line breaks" },
        { """[{"rule":"true"},{"rule":"self.name.lowerAscii() == oldSelf.nope"}]""", "spec.x-kubernetes-validations[1].rule", "undefined field 'nope'" },
        { """[{"rule":"self == oldSelf","optionalOldSelf":true}]""", "spec.x-kubernetes-validations[0].optionalOldSelf", "optionalOldSelf is not supported" },
    };

    [Theory]
    [MemberData(nameof(InvalidRules))]
    public void A_rule_that_cannot_be_enforced_is_reported_at_its_path(string rules, string field, string detail)
    {
        var (_, errors) = ValidationRuleSet.Compile(SchemaWith(rules), "schema");
        var error = Assert.Single(errors);
        Assert.Equal("schema.properties[" + field.Replace("spec.", "spec].", StringComparison.Ordinal), error.Field);
        Assert.Contains(detail, error.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void OldSelf_inside_an_atomic_list_is_refused_because_old_items_cannot_be_found()
    {
        var schema = JsonNode.Parse("""
            {"type":"object","properties":{"spec":{"type":"object","properties":{
              "atomic":{"type":"array","items":{"type":"string","x-kubernetes-validations":[{"rule":"self == oldSelf"}]}},
              "keyed":{"type":"array","x-kubernetes-list-type":"map","x-kubernetes-list-map-keys":["id"],
                       "items":{"type":"object","required":["id"],"properties":{"id":{"type":"string"}},"x-kubernetes-validations":[{"rule":"self == oldSelf"}]}}}}}}
            """)!.AsObject();
        var (rules, errors) = ValidationRuleSet.Compile(schema, "schema");
        var error = Assert.Single(errors);
        Assert.Equal("schema.properties[spec].properties[atomic].items.x-kubernetes-validations[0].rule", error.Field);
        Assert.Contains("oldSelf cannot be used on the uncorrelatable portion of the schema", error.Body, StringComparison.Ordinal);
        Assert.Equal(1, rules.Count);
    }

    [Fact]
    public void Valid_rules_compile_with_their_defaults()
    {
        var (rules, errors) = ValidationRuleSet.Compile(SchemaWith("""[{"rule":"has(self.name)"},{"rule":"self.name == oldSelf.name","message":"fixed","reason":"FieldValueForbidden","fieldPath":".name"}]"""), "schema");
        Assert.Empty(errors);
        var spec = (JsonObject)rules.Schema["properties"]!["spec"]!;
        var compiled = rules.RulesOf(spec);
        Assert.Equal(2, compiled.Count);
        Assert.Equal(("FieldValueInvalid", "failed rule: has(self.name)", false), (compiled[0].Reason, compiled[0].DefaultMessage, compiled[0].IsTransitionRule));
        Assert.Equal(("FieldValueForbidden", "fixed", true, "name"), (compiled[1].Reason, compiled[1].DefaultMessage, compiled[1].IsTransitionRule, compiled[1].FieldPath));
    }
}
