using System.Text.Json;
using System.Text.Json.Nodes;
using LocalKube.Api;
using LocalKube.Cel;

namespace LocalKube.Schema;

/// <summary>
/// The compiled CEL rules (<c>x-kubernetes-validations</c>) of one structural schema, keyed by the schema node that
/// declares them. Compiling checks each rule as kube-apiserver does when the CRD is written: syntax, types against the
/// schema, a bool result, a string messageExpression, a known reason, a fieldPath that exists, and no <c>oldSelf</c>
/// where old values cannot be correlated (inside atomic lists).
/// </summary>
public sealed class ValidationRuleSet
{
    private static readonly string[] Reasons = ["FieldValueRequired", "FieldValueForbidden", "FieldValueInvalid", "FieldValueDuplicate"];

    private readonly Dictionary<JsonObject, IReadOnlyList<CompiledValidationRule>> _rules = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<JsonObject> _subtreesWithRules = new(ReferenceEqualityComparer.Instance);

    private ValidationRuleSet(JsonObject schema)
    {
        Schema = schema;
    }

    /// <summary>The schema the rules were compiled against; validation must walk this same instance.</summary>
    public JsonObject Schema { get; }

    public int Count => _rules.Values.Sum(r => r.Count);

    public IReadOnlyList<CompiledValidationRule> RulesOf(JsonObject schemaNode) =>
        _rules.TryGetValue(schemaNode, out var rules) ? rules : [];

    /// <summary>Whether any rule is declared at or below <paramref name="schemaNode"/>.</summary>
    public bool HasRulesBelow(JsonObject schemaNode) => _subtreesWithRules.Contains(schemaNode);

    /// <summary>
    /// Compiles every rule in <paramref name="schema"/>. Problems are returned as field errors under
    /// <paramref name="schemaPath"/> (e.g. <c>spec.versions[0].schema.openAPIV3Schema</c>); the set holds the rules
    /// that compiled.
    /// </summary>
    public static (ValidationRuleSet Rules, IReadOnlyList<FieldError> Errors) Compile(JsonObject schema, string schemaPath)
    {
        var set = new ValidationRuleSet(schema);
        var errors = new List<FieldError>();
        set.CompileNode(schema, schemaPath, isRoot: true, correlatable: true, errors);
        return (set, errors);
    }

    private bool CompileNode(JsonObject schema, string path, bool isRoot, bool correlatable, List<FieldError> errors)
    {
        var hasRules = false;
        if (schema["x-kubernetes-validations"] is JsonArray validations)
        {
            var compiled = new List<CompiledValidationRule>();
            for (var i = 0; i < validations.Count; i++)
            {
                var rulePath = SchemaPath.Index(SchemaPath.Child(path, "x-kubernetes-validations"), i);
                if (CompileRule(validations[i] as JsonObject, schema, rulePath, isRoot, correlatable, errors) is { } rule)
                {
                    compiled.Add(rule);
                }
            }

            _rules[schema] = compiled;
            hasRules = compiled.Count > 0;
        }

        if (schema["properties"] is JsonObject properties)
        {
            foreach (var (name, child) in properties)
            {
                if (child is JsonObject childSchema)
                {
                    hasRules |= CompileNode(childSchema, $"{path}.properties[{name}]", isRoot: false, correlatable, errors);
                }
            }
        }

        if (schema["additionalProperties"] is JsonObject values)
        {
            hasRules |= CompileNode(values, $"{path}.additionalProperties", isRoot: false, correlatable, errors);
        }

        if (schema["items"] is JsonObject items)
        {
            // Old items are found again only by key (map lists) or by value (sets); atomic lists lose the link.
            var listType = schema["x-kubernetes-list-type"]?.GetValue<string>();
            hasRules |= CompileNode(items, $"{path}.items", isRoot: false, correlatable && listType is "map" or "set", errors);
        }

        if (hasRules)
        {
            _subtreesWithRules.Add(schema);
        }

        return hasRules;
    }

    private static CompiledValidationRule? CompileRule(JsonObject? definition, JsonObject schema, string path, bool isRoot, bool correlatable, List<FieldError> errors)
    {
        var rule = Text(definition, "rule");
        if (string.IsNullOrWhiteSpace(rule))
        {
            errors.Add(FieldError.Required(SchemaPath.Child(path, "rule")));
            return null;
        }

        var count = errors.Count;
        var message = Text(definition, "message");
        if (message is not null && (message.Trim().Length == 0 || message.Contains('\n', StringComparison.Ordinal)))
        {
            errors.Add(FieldError.Invalid(SchemaPath.Child(path, "message"), JsonValue.Create(message), message.Trim().Length == 0 ? "message must be non-empty if specified" : "message must not contain line breaks"));
        }

        var reason = Text(definition, "reason") ?? "FieldValueInvalid";
        if (!Reasons.Contains(reason))
        {
            errors.Add(FieldError.NotSupported(SchemaPath.Child(path, "reason"), JsonValue.Create(reason), Reasons.Select(r => (JsonNode?)JsonValue.Create(r))));
        }

        if (definition?["optionalOldSelf"] is JsonValue optional && optional.GetValueKind() == JsonValueKind.True)
        {
            // It needs CEL optionals (oldSelf.hasValue(), orValue()), which this evaluator does not have.
            errors.Add(FieldError.Invalid(SchemaPath.Child(path, "optionalOldSelf"), JsonValue.Create(true), "optionalOldSelf is not supported by LocalKube's CEL evaluator"));
        }

        var selfType = CelType.FromSchema(schema, isRoot);
        var variables = new Dictionary<string, CelType>(StringComparer.Ordinal) { ["self"] = selfType, ["oldSelf"] = selfType };
        CelProgram? program = null;
        try
        {
            program = CelProgram.Compile(rule, variables);
            if (!CelType.Bool.Accepts(program.ResultType) || program.ResultType.IsDyn)
            {
                errors.Add(FieldError.Invalid(SchemaPath.Child(path, "rule"), JsonValue.Create(rule), "cel expression must evaluate to a bool"));
            }
            else if (program.References.Contains("oldSelf") && !correlatable)
            {
                errors.Add(FieldError.Invalid(SchemaPath.Child(path, "rule"), JsonValue.Create(rule),
                    "oldSelf cannot be used on the uncorrelatable portion of the schema within an atomic list (set x-kubernetes-list-type to map or set)"));
            }
        }
        catch (CelCompileException e)
        {
            errors.Add(FieldError.Invalid(SchemaPath.Child(path, "rule"), JsonValue.Create(rule), "compilation failed: " + e.Message));
        }

        CelProgram? messageExpression = null;
        if (Text(definition, "messageExpression") is { } messageSource)
        {
            try
            {
                messageExpression = CelProgram.Compile(messageSource, variables);
                if (!CelType.String.Accepts(messageExpression.ResultType) || messageExpression.ResultType.IsDyn)
                {
                    errors.Add(FieldError.Invalid(SchemaPath.Child(path, "messageExpression"), JsonValue.Create(messageSource), "must evaluate to a string"));
                }
            }
            catch (CelCompileException e)
            {
                errors.Add(FieldError.Invalid(SchemaPath.Child(path, "messageExpression"), JsonValue.Create(messageSource), "messageExpression compilation failed: " + e.Message));
            }
        }

        var fieldPath = Text(definition, "fieldPath");
        if (fieldPath is not null && !FieldPathExists(schema, fieldPath))
        {
            errors.Add(FieldError.Invalid(SchemaPath.Child(path, "fieldPath"), JsonValue.Create(fieldPath), "fieldPath must be a valid path: it must name a field declared in the schema, like .spec.name or ['a.b']"));
        }

        return errors.Count == count && program is not null
            ? new CompiledValidationRule(rule, message, program, messageExpression, reason, NormalizeFieldPath(fieldPath))
            : null;
    }

    /// <summary>Checks a fieldPath of <c>.name</c> and <c>['name']</c> steps against declared properties.</summary>
    private static bool FieldPathExists(JsonObject schema, string fieldPath) =>
        FieldPathSteps(fieldPath) is { } steps && steps.Count > 0
        && steps.Aggregate((JsonObject?)schema, (node, step) => node?["properties"]?[step] as JsonObject ?? node?["additionalProperties"] as JsonObject) is not null;

    private static string? NormalizeFieldPath(string? fieldPath) =>
        fieldPath is null ? null : string.Join('.', FieldPathSteps(fieldPath) ?? []);

    private static List<string>? FieldPathSteps(string fieldPath)
    {
        var steps = new List<string>();
        var i = 0;
        while (i < fieldPath.Length)
        {
            if (fieldPath[i] == '.')
            {
                var end = i + 1;
                while (end < fieldPath.Length && fieldPath[end] is not ('.' or '['))
                {
                    end++;
                }

                if (end == i + 1)
                {
                    return null;
                }

                steps.Add(fieldPath[(i + 1)..end]);
                i = end;
            }
            else if (string.CompareOrdinal(fieldPath, i, "['", 0, 2) == 0 && fieldPath.IndexOf("']", i + 2, StringComparison.Ordinal) is var close and > 0)
            {
                steps.Add(fieldPath[(i + 2)..close]);
                i = close + 2;
            }
            else
            {
                return null;
            }
        }

        return steps;
    }

    private static string? Text(JsonObject? o, string key) =>
        o?[key] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
}
