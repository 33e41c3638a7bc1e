using System.Text.Json.Nodes;
using LocalKube.Cel;

namespace LocalKube.Tests.Cel;

/// <summary>The CEL subset rules are written in: parsing, type checking against a schema, and evaluation.</summary>
public sealed class CelProgramTests
{
    private static readonly JsonObject Schema = JsonNode.Parse("""
        {"type":"object","properties":{
          "name":{"type":"string"},
          "arn":{"type":"string"},
          "count":{"type":"integer"},
          "ratio":{"type":"number"},
          "enabled":{"type":"boolean"},
          "tags":{"type":"object","additionalProperties":{"type":"string"}},
          "items":{"type":"array","items":{"type":"integer"}},
          "set":{"type":"array","x-kubernetes-list-type":"set","items":{"type":"string"}},
          "when":{"type":"string","format":"date-time"},
          "port":{"x-kubernetes-int-or-string":true},
          "nested":{"type":"object","properties":{"inner":{"type":"string"},"my-field":{"type":"string"}}}
        }}
        """)!.AsObject();

    private static readonly JsonObject Self = JsonNode.Parse("""
        {"name":"Orders","arn":"arn:aws:dynamodb:eu-west-1:111122223333:table/Orders","count":5,"ratio":0.5,"enabled":true,
         "tags":{"team":"data","aws:x":"y"},"items":[1,2,3],"set":["a","b"],"when":"2024-01-02T03:04:05Z","port":"http",
         "nested":{"inner":"x","my-field":"dash"}}
        """)!.AsObject();

    private static object Run(string rule, JsonObject? self = null, JsonObject? oldSelf = null)
    {
        var type = CelType.FromSchema(Schema);
        var program = CelProgram.Compile(rule, new Dictionary<string, CelType> { ["self"] = type, ["oldSelf"] = type });
        return program.Evaluate(new Dictionary<string, object>
        {
            ["self"] = CelValues.FromJson(self ?? Self, Schema),
            ["oldSelf"] = CelValues.FromJson(oldSelf ?? Self, Schema),
        });
    }

    public static TheoryData<string, bool> Rules() => new()
    {
        { "self.arn.split(':')[4] == '111122223333'", true },
        { "self.arn.split(':', 3)[2] == 'dynamodb:eu-west-1:111122223333:table/Orders'", true },
        { "has(self.name) && has(self.nested.my__dash__field) && has(self.tags.team) && !has(self.tags.other)", true },
        { "self.nested.my__dash__field == 'dash'", true },
        { "self.tags.all(k, size(k) >= 1 && size(k) <= 128 && !k.startsWith('aws:'))", false },
        { "self.tags.exists(k, k.startsWith('aws:'))", true },
        { "self.items.exists_one(i, i > 2)", true },
        { "self.items.filter(i, i > 1) == [2, 3]", true },
        { "self.items.map(i, i * 2) == [2, 4, 6]", true },
        { "self.items.map(i, i > 1, i * 10) == [20, 30]", true },
        { "'team' in self.tags && 2 in self.items && !('x' in self.set)", true },
        { "self.set == ['b', 'a']", true },
        { "self.items == [3, 2, 1]", false },
        { "self.count == 5 && self.count != 6 && self.count < 10 && self.count >= 5 && self.ratio < self.count", true },
        { "self.count == 5.0", true },
        { "self.count > 3 ? self.name == 'Orders' : false", true },
        { "self.count + 1 == 6 && self.count - 1 == 4 && self.count * 2 == 10 && self.count / 2 == 2 && self.count % 2 == 1", true },
        { "-self.count == -5", true },
        { "self.name.lowerAscii() == 'orders' && self.name.upperAscii() == 'ORDERS'", true },
        { "self.name.matches('^Ord') && matches(self.name, 'ers$') && !self.name.matches('^ers')", true },
        { "self.name.contains('rde') && self.name.endsWith('s') && self.name.startsWith('O')", true },
        { "size(self.name) == 6 && self.name.size() == 6 && size(self.items) == 3 && size(self.tags) == 2", true },
        { "self.name.substring(1, 3) == 'rd' && self.name.indexOf('d') == 2 && self.name.lastIndexOf('r') == 4 && self.name.charAt(0) == 'O'", true },
        { "self.name.replace('r', 'R') == 'ORdeRs' && ' x '.trim() == 'x' && ['a', 'b'].join('-') == 'a-b'", true },
        { "int('42') == 42 && string(self.count) == '5' && double(self.count) == 5.0 && int(2.9) == 2", true },
        { "isURL('https://example.com/x') && !isURL('not a url')", true },
        { "self.when < timestamp('2025-01-01T00:00:00Z') && self.when == oldSelf.when", true },
        { "self.port == 'http'", true },
        { "self == oldSelf", true },
        { "{'a': 1}['a'] == 1 && {'a': 1} == {'a': 1}", true },
        { "'a' + 'b' == 'ab' && [1] + [2] == [1, 2]", true },
        { "r'\\d' == '\\\\d' && \"q\" == 'q' && '\\u00e9' == 'é'", true },
        { "self.enabled && !false || 1 / 0 == 1", true },
        { "false && self.items[10] == 1", false },
        { "self.items[10] == 1 || true", true },
    };

    [Theory]
    [MemberData(nameof(Rules))]
    public void A_rule_evaluates_as_CEL_defines_it(string rule, bool expected) => Assert.Equal(expected, Run(rule));

    [Fact]
    public void A_transition_rule_compares_with_the_old_value()
    {
        var changed = (JsonObject)Self.DeepClone();
        changed["name"] = "Other";
        Assert.Equal(false, Run("self.name == oldSelf.name", changed, Self));
        Assert.Equal(true, Run("self.name == oldSelf.name", Self, (JsonObject)Self.DeepClone()));
    }

    public static TheoryData<string, string> CompileErrors() => new()
    {
        { "self.nope == 1", "ERROR: <input>:1:5: undefined field 'nope'\n | self.nope == 1\n | ....^" },
        { "self.name == 1", "ERROR: <input>:1:11: found no matching overload for '_==_' applied to '(string, int)'" },
        { "self.count + 1.5 > 2.0", "ERROR: <input>:1:12: found no matching overload for '_+_' applied to '(int, double)'" },
        { "self.name.frobnicate()", "ERROR: <input>:1:10: undeclared reference to 'frobnicate' (in container '')" },
        { "quantity(self.name).isLessThan(quantity('1'))", "undeclared reference to 'quantity'" },
        { "other == 1", "ERROR: <input>:1:1: undeclared reference to 'other' (in container '')" },
        { "self.count.startsWith('a')", "found no matching overload for 'startsWith' applied to 'int.(string)'" },
        { "self.name.x", "type 'string' does not support field selection" },
        { "self.nested.all(k, true)", "cannot be range of a comprehension" },
        { "has(self)", "invalid argument to has() macro" },
        { "self.name ==", "Syntax error: mismatched input '<EOF>' expecting an expression" },
        { "self.name == 'x", "Syntax error: unterminated string literal" },
        { "self.name.matches('[')", "invalid regular expression '['" },
        { "self.?name", "optional field selection (.?) is not supported by this evaluator" },
        { "self.tags.all(k, v, true)", "two-variable comprehension all(k, v, …) is not supported by this evaluator" },
    };

    [Theory]
    [MemberData(nameof(CompileErrors))]
    public void A_rule_that_does_not_compile_is_reported_with_its_position(string rule, string expected)
    {
        var error = Assert.Throws<CelCompileException>(() => Run(rule));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string, string> EvaluationErrors() => new()
    {
        { "self.items[5] == 1", "index '5' out of range in list size '3'" },
        { "self.tags['missing'] == 'x'", "no such key: missing" },
        { "self.count / 0 == 1", "division by zero" },
        { "9223372036854775807 + self.count > 0", "integer overflow" },
        { "int('x') == 1", "cannot convert \"x\" to int" },
        { "self.port > 1", "no such overload" },
        { "self.items.all(i, self.items[i] > 0)", "index '3' out of range in list size '3'" },
    };

    [Theory]
    [MemberData(nameof(EvaluationErrors))]
    public void A_rule_that_fails_to_evaluate_raises_an_evaluation_error(string rule, string expected)
    {
        var error = Assert.Throws<CelEvaluationException>(() => Run(rule));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Absent_fields_are_an_error_unless_tested_with_has()
    {
        var without = (JsonObject)Self.DeepClone();
        without.Remove("name");
        Assert.Equal(false, Run("has(self.name)", without));
        Assert.Equal(true, Run("!has(self.name) || self.name == 'x'", without));
        var error = Assert.Throws<CelEvaluationException>(() => Run("self.name == 'x'", without));
        Assert.Equal("no such key: name", error.Message);
    }
}
