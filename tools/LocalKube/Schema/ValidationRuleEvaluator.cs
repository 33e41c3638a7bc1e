using System.Text.Json.Nodes;
using LocalKube.Api;
using LocalKube.Cel;

namespace LocalKube.Schema;

/// <summary>What the CEL rules said about one write: errors reject it, warnings are sent as <c>Warning</c> headers.</summary>
public sealed record ValidationRuleResult(IReadOnlyList<FieldError> Errors, IReadOnlyList<string> Warnings);

/// <summary>
/// Evaluates compiled <c>x-kubernetes-validations</c> rules over an object, as kube-apiserver's CEL validator does:
/// <list type="bullet">
/// <item>each rule runs with <c>self</c> bound to the value at its schema node; absent values are not validated;</item>
/// <item>transition rules (those reading <c>oldSelf</c>) run only on updates, and only where the old object had a
/// value to correlate with (same property, same map key, same list-map key, same set element);</item>
/// <item>ratcheting: a failing rule that does not read <c>oldSelf</c>, on a value the update left unchanged, is a
/// warning rather than an error. So a status write never fails on spec rules, nor a spec write on status rules.</item>
/// </list>
/// </summary>
public static class ValidationRuleEvaluator
{
    public static ValidationRuleResult Validate(ValidationRuleSet rules, JsonObject obj, JsonObject? old)
    {
        var errors = new List<FieldError>();
        var warnings = new List<string>();
        Walk(rules, obj, old, old is not null, rules.Schema, "", isRoot: true, errors, warnings);
        return new ValidationRuleResult(errors, warnings);
    }

    private static void Walk(ValidationRuleSet rules, JsonNode? node, JsonNode? old, bool hasOld, JsonObject schema, string path, bool isRoot, List<FieldError> errors, List<string> warnings)
    {
        if (node is null || !rules.HasRulesBelow(schema))
        {
            return;
        }

        var unchanged = hasOld && JsonNode.DeepEquals(node, old);
        foreach (var rule in rules.RulesOf(schema))
        {
            if (rule.IsTransitionRule && !hasOld)
            {
                continue;
            }

            var error = Evaluate(rule, node, old, schema, path);
            if (error is null)
            {
                continue;
            }

            if (unchanged && !rule.IsTransitionRule)
            {
                warnings.Add(error.ToString());
            }
            else
            {
                errors.Add(error);
            }
        }

        switch (node)
        {
            case JsonObject o:
                var properties = schema["properties"] as JsonObject;
                var values = schema["additionalProperties"] as JsonObject;
                foreach (var (key, child) in o)
                {
                    if (isRoot && key is "apiVersion" or "kind" or "metadata")
                    {
                        continue;
                    }

                    var declared = properties?[key] as JsonObject;
                    if ((declared ?? values) is not { } childSchema)
                    {
                        continue;
                    }

                    JsonNode? oldChild = null;
                    var childHasOld = hasOld && old is JsonObject oldObject && oldObject.TryGetPropertyValue(key, out oldChild);
                    Walk(rules, child, oldChild, childHasOld, childSchema,
                        declared is not null ? SchemaPath.Child(path, key) : SchemaPath.Key(path, key), isRoot: false, errors, warnings);
                }

                break;
            case JsonArray a when schema["items"] is JsonObject items:
                for (var i = 0; i < a.Count; i++)
                {
                    var oldItem = hasOld && old is JsonArray oldArray ? Correlate(a[i], oldArray, schema) : null;
                    Walk(rules, a[i], oldItem, oldItem is not null, items, SchemaPath.Index(path, i), isRoot: false, errors, warnings);
                }

                break;
            default:
                break;
        }
    }

    /// <summary>The old list item that an item corresponds to: by key in map lists, by value in sets, none in atomic lists.</summary>
    private static JsonNode? Correlate(JsonNode? item, JsonArray oldItems, JsonObject listSchema)
    {
        switch (listSchema["x-kubernetes-list-type"]?.GetValue<string>())
        {
            case "set":
                return oldItems.FirstOrDefault(o => JsonNode.DeepEquals(o, item));
            case "map" when listSchema["x-kubernetes-list-map-keys"] is JsonArray keys && item is JsonObject itemObject:
                var names = keys.Select(k => k!.GetValue<string>()).ToList();
                return oldItems.FirstOrDefault(o => o is JsonObject oldObject && names.All(n => JsonNode.DeepEquals(oldObject[n], itemObject[n])));
            default:
                return null;
        }
    }

    private static FieldError? Evaluate(CompiledValidationRule rule, JsonNode node, JsonNode? old, JsonObject schema, string path)
    {
        var typeName = JsonValue.Create(schema["type"]?.GetValue<string>() ?? "");
        var variables = new Dictionary<string, object>(StringComparer.Ordinal) { ["self"] = CelValues.FromJson(node, schema) };
        if (rule.IsTransitionRule)
        {
            variables["oldSelf"] = CelValues.FromJson(old, schema);
        }

        object result;
        try
        {
            result = rule.Program.Evaluate(variables);
        }
        catch (CelEvaluationException e) when (e.Message.StartsWith("no such overload", StringComparison.Ordinal))
        {
            return FieldError.Invalid(path, typeName, $"'{e.Message}': call arguments did not match a supported operator, function or macro signature for rule: {rule.ErrorName}");
        }
        catch (CelEvaluationException e)
        {
            return FieldError.Invalid(path, typeName, $"{e.Message} evaluating rule: {rule.ErrorName}");
        }

        if (result is true)
        {
            return null;
        }

        var fieldPath = rule.FieldPath is { Length: > 0 } relative ? SchemaPath.Child(path, relative) : path;
        if (result is not bool)
        {
            return FieldError.Invalid(path, typeName, $"rule did not evaluate to a bool: {rule.ErrorName}");
        }

        var message = rule.DefaultMessage;
        if (rule.MessageExpression is { } expression)
        {
            string? evaluated = null;
            try
            {
                evaluated = expression.Evaluate(variables) as string;
            }
            catch (CelEvaluationException)
            {
                // kube-apiserver logs the failure and falls back to the static message.
            }

            if (evaluated is not null)
            {
                var trimmed = evaluated.Trim();
                if (trimmed.Length == 0)
                {
                    return FieldError.Invalid(fieldPath, typeName, "messageExpression should evaluate to a non-empty string");
                }

                if (trimmed.Contains('\n', StringComparison.Ordinal))
                {
                    return FieldError.Invalid(fieldPath, typeName, "messageExpression should not contain line breaks");
                }

                message = trimmed;
            }
        }

        return rule.Reason switch
        {
            "FieldValueForbidden" => FieldError.Forbidden(fieldPath, message),
            "FieldValueRequired" => FieldError.Required(fieldPath, message),
            "FieldValueDuplicate" => FieldError.Duplicate(fieldPath, typeName),
            _ => FieldError.Invalid(fieldPath, typeName, message),
        };
    }
}
