using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LocalKube.Api;
using LocalKube.Json;

namespace LocalKube.Schema;

/// <summary>
/// Validates an object against an <c>openAPIV3Schema</c> and reports errors with the field paths and wording of
/// kube-apiserver. CEL rules (<c>x-kubernetes-validations</c>) are evaluated separately, by
/// <see cref="ValidationRuleEvaluator"/> through <see cref="CustomResourceValidation"/>.
/// </summary>
public static class SchemaValidator
{
    public static IReadOnlyList<FieldError> Validate(JsonObject root, JsonObject schema)
    {
        var errors = new List<FieldError>();
        ValidateObject(root, schema, "", errors, isRoot: true);
        return errors;
    }

    private static void Validate(JsonNode? node, JsonObject schema, string path, List<FieldError> errors)
    {
        if (node is null)
        {
            if (schema["nullable"]?.GetValue<bool>() != true && schema["type"] is not null)
            {
                errors.Add(FieldError.Invalid(path, JsonValue.Create("null"), $"{path} in body must be of type {schema["type"]}: \"null\""));
            }

            return;
        }

        if (!TypeMatches(node, schema))
        {
            var actual = TypeName(node);
            errors.Add(FieldError.Invalid(path, JsonValue.Create(actual), $"{path} in body must be of type {schema["type"]}: \"{actual}\""));
            return;
        }

        if (schema["enum"] is JsonArray allowed && !allowed.Any(a => JsonNode.DeepEquals(a, node)))
        {
            errors.Add(FieldError.NotSupported(path, node, allowed));
        }

        switch (node.GetValueKind())
        {
            case JsonValueKind.String:
                ValidateString(node.GetValue<string>(), node, schema, path, errors);
                break;
            case JsonValueKind.Number:
                ValidateNumber(JsonNumber.Read(node), node, schema, path, errors);
                break;
            case JsonValueKind.Array:
                ValidateArray((JsonArray)node, schema, path, errors);
                break;
            case JsonValueKind.Object:
                ValidateObject((JsonObject)node, schema, path, errors, isRoot: false);
                break;
            default:
                break;
        }

        ValidateCombinators(node, schema, path, errors);
    }

    private static void ValidateCombinators(JsonNode node, JsonObject schema, string path, List<FieldError> errors)
    {
        if (schema["allOf"] is JsonArray allOf)
        {
            foreach (var sub in allOf.OfType<JsonObject>())
            {
                Validate(node, sub, path, errors);
            }
        }

        if (schema["anyOf"] is JsonArray anyOf && !anyOf.OfType<JsonObject>().Any(sub => Passes(node, sub, path)))
        {
            errors.Add(FieldError.Invalid(path, JsonValue.Create(TypeName(node)), $"{Display(path)} in body must validate at least one schema (anyOf)"));
            AddRequiredHints(node, anyOf, path, errors);
        }

        if (schema["oneOf"] is JsonArray oneOf)
        {
            var passing = oneOf.OfType<JsonObject>().Count(sub => Passes(node, sub, path));
            if (passing != 1)
            {
                errors.Add(FieldError.Invalid(path, JsonValue.Create(TypeName(node)), $"{Display(path)} in body must validate one and only one schema (oneOf)"));
                if (passing == 0)
                {
                    AddRequiredHints(node, oneOf, path, errors);
                }
            }
        }

        if (schema["not"] is JsonObject not && Passes(node, not, path))
        {
            errors.Add(FieldError.Invalid(path, JsonValue.Create(TypeName(node)), $"{Display(path)} in body must not validate the schema (not)"));
        }
    }

    /// <summary>For required-only alternatives, name what the first alternative lacked, as the real server does.</summary>
    private static void AddRequiredHints(JsonNode node, JsonArray alternatives, string path, List<FieldError> errors)
    {
        if (alternatives.FirstOrDefault() is JsonObject first)
        {
            var sub = new List<FieldError>();
            Validate(node, first, path, sub);
            errors.AddRange(sub.Where(e => e.Reason == "FieldValueRequired"));
        }
    }

    private static bool Passes(JsonNode node, JsonObject schema, string path)
    {
        var errors = new List<FieldError>();
        Validate(node, schema, path, errors);
        return errors.Count == 0;
    }

    private static void ValidateString(string value, JsonNode node, JsonObject schema, string path, List<FieldError> errors)
    {
        if (schema["maxLength"] is JsonValue max && value.EnumerateRunes().Count() > (long)JsonNumber.Read(max))
        {
            errors.Add(FieldError.TooLong(path, (long)JsonNumber.Read(max)));
        }

        if (schema["minLength"] is JsonValue min && value.EnumerateRunes().Count() < (long)JsonNumber.Read(min))
        {
            errors.Add(FieldError.Invalid(path, node, $"{path} in body should be at least {min.ToJsonString()} chars long"));
        }

        if (schema["pattern"] is JsonValue pattern && !Regex.IsMatch(value, pattern.GetValue<string>(), RegexOptions.None, TimeSpan.FromSeconds(1)))
        {
            errors.Add(FieldError.Invalid(path, node, $"{path} in body should match '{pattern.GetValue<string>()}'"));
        }

        if (schema["format"]?.GetValue<string>() == "date-time"
            && !DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            errors.Add(FieldError.Invalid(path, node, $"{path} in body must be of type date-time: \"{value}\""));
        }
    }

    private static void ValidateNumber(double value, JsonNode node, JsonObject schema, string path, List<FieldError> errors)
    {
        if (schema["minimum"] is JsonValue min)
        {
            var exclusive = schema["exclusiveMinimum"]?.GetValue<bool>() == true;
            if (exclusive ? value <= JsonNumber.Read(min) : value < JsonNumber.Read(min))
            {
                errors.Add(FieldError.Invalid(path, node, $"{path} in body should be greater than {(exclusive ? "" : "or equal to ")}{min.ToJsonString()}"));
            }
        }

        if (schema["maximum"] is JsonValue max)
        {
            var exclusive = schema["exclusiveMaximum"]?.GetValue<bool>() == true;
            if (exclusive ? value >= JsonNumber.Read(max) : value > JsonNumber.Read(max))
            {
                errors.Add(FieldError.Invalid(path, node, $"{path} in body should be less than {(exclusive ? "" : "or equal to ")}{max.ToJsonString()}"));
            }
        }

        if (schema["multipleOf"] is JsonValue multiple && Math.IEEERemainder(value, JsonNumber.Read(multiple)) != 0)
        {
            errors.Add(FieldError.Invalid(path, node, $"{path} in body should be a multiple of {multiple.ToJsonString()}"));
        }
    }

    private static void ValidateArray(JsonArray array, JsonObject schema, string path, List<FieldError> errors)
    {
        if (schema["maxItems"] is JsonValue max && array.Count > (long)JsonNumber.Read(max))
        {
            errors.Add(FieldError.TooMany(path, array.Count, (long)JsonNumber.Read(max)));
        }

        if (schema["minItems"] is JsonValue min && array.Count < (long)JsonNumber.Read(min))
        {
            errors.Add(FieldError.Invalid(path, JsonValue.Create(array.Count), $"{path} in body should have at least {min.ToJsonString()} items"));
        }

        var listType = schema["x-kubernetes-list-type"]?.GetValue<string>();
        if (listType == "map" && schema["x-kubernetes-list-map-keys"] is JsonArray keyNames)
        {
            var seen = new List<JsonObject>();
            for (var i = 0; i < array.Count; i++)
            {
                var key = new JsonObject();
                foreach (var name in keyNames.Select(k => k!.GetValue<string>()))
                {
                    key[name] = array[i]?[name]?.DeepClone();
                }

                if (seen.Any(s => JsonNode.DeepEquals(s, key)))
                {
                    errors.Add(FieldError.Duplicate(SchemaPath.Index(path, i), array[i]));
                }

                seen.Add(key);
            }
        }
        else if (listType == "set" || schema["uniqueItems"]?.GetValue<bool>() == true)
        {
            for (var i = 0; i < array.Count; i++)
            {
                if (array.Take(i).Any(e => JsonNode.DeepEquals(e, array[i])))
                {
                    errors.Add(FieldError.Duplicate(SchemaPath.Index(path, i), array[i]));
                }
            }
        }

        if (schema["items"] is JsonObject items)
        {
            for (var i = 0; i < array.Count; i++)
            {
                Validate(array[i], items, SchemaPath.Index(path, i), errors);
            }
        }
    }

    private static void ValidateObject(JsonObject obj, JsonObject schema, string path, List<FieldError> errors, bool isRoot)
    {
        if (schema["required"] is JsonArray required)
        {
            foreach (var name in required.Select(r => r!.GetValue<string>()))
            {
                if (!obj.ContainsKey(name))
                {
                    errors.Add(FieldError.Required(SchemaPath.Child(path, name)));
                }
            }
        }

        if (schema["maxProperties"] is JsonValue maxProperties && obj.Count > (long)JsonNumber.Read(maxProperties))
        {
            errors.Add(FieldError.TooMany(path, obj.Count, (long)JsonNumber.Read(maxProperties)));
        }

        if (schema["minProperties"] is JsonValue minProperties && obj.Count < (long)JsonNumber.Read(minProperties))
        {
            errors.Add(FieldError.Invalid(path, JsonValue.Create(obj.Count), $"{path} in body should have at least {minProperties.ToJsonString()} properties"));
        }

        var properties = schema["properties"] as JsonObject;
        foreach (var (key, value) in obj)
        {
            if (isRoot && key is "apiVersion" or "kind" or "metadata")
            {
                continue;
            }

            if (properties?[key] is JsonObject propertySchema)
            {
                Validate(value, propertySchema, SchemaPath.Child(path, key), errors);
            }
            else if (schema["additionalProperties"] is JsonObject valueSchema)
            {
                Validate(value, valueSchema, SchemaPath.Key(path, key), errors);
            }
        }

        if (isRoot)
        {
            ValidateCombinators(obj, schema, path, errors);
        }
    }

    private static bool TypeMatches(JsonNode node, JsonObject schema)
    {
        var kind = node.GetValueKind();
        if (schema["x-kubernetes-int-or-string"]?.GetValue<bool>() == true)
        {
            return kind == JsonValueKind.String || IsInteger(node);
        }

        return schema["type"]?.GetValue<string>() switch
        {
            null => true,
            "object" => kind == JsonValueKind.Object,
            "array" => kind == JsonValueKind.Array,
            "string" => kind == JsonValueKind.String,
            "boolean" => kind is JsonValueKind.True or JsonValueKind.False,
            "number" => kind == JsonValueKind.Number,
            "integer" => IsInteger(node),
            _ => true,
        };
    }

    private static bool IsInteger(JsonNode node) =>
        node.GetValueKind() == JsonValueKind.Number && JsonNumber.Read(node) is var d && Math.Floor(d) == d && !node.ToJsonString().Contains('.', StringComparison.Ordinal);

    private static string TypeName(JsonNode node) => node.GetValueKind() switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Number => IsInteger(node) ? "integer" : "number",
        _ => "null",
    };

    private static string Display(string path) => path.Length == 0 ? "body" : path;
}
