using System.Globalization;
using System.Text.Json.Nodes;
using Json.Schema;

namespace CrossAccountStreams.Entities.Tests.Support;

/// <summary>
/// Validates objects against a CRD's <c>openAPIV3Schema</c> offline, as kubectl's strict validation and the API
/// server would, by translating the Kubernetes dialect into JSON Schema 2020-12 for JsonSchema.Net:
/// <list type="bullet">
/// <item><c>x-kubernetes-list-type: set</c> becomes <c>uniqueItems</c>; objects with declared properties reject unknown
/// fields (kubectl's default <c>--validate=strict</c>) unless <c>x-kubernetes-preserve-unknown-fields</c> is set;</item>
/// <item><c>format: int32/int64</c> become bounds; <c>nullable</c> adds the null type;</item>
/// <item>CEL rules (<c>x-kubernetes-validations</c>) and list-map key uniqueness cannot be evaluated here and are skipped.
/// That is why every rule CEL states that plain OpenAPI can also state is stated twice in the CRD.</item>
/// </list>
/// </summary>
public sealed class KubernetesSchemaValidator
{
    private static readonly HashSet<string> CopiedKeywords =
    [
        "type", "enum", "pattern", "minimum", "maximum", "minLength", "maxLength", "minItems", "maxItems",
        "minProperties", "maxProperties", "multipleOf", "required", "description", "default", "example",
    ];

    private static readonly HashSet<string> SkippedKeywords =
    [
        "x-kubernetes-validations", "x-kubernetes-list-map-keys", "x-kubernetes-map-type", "x-kubernetes-embedded-resource", "title",
    ];

    private readonly JsonSchema _schema;

    public KubernetesSchemaValidator(JsonObject openApiV3Schema)
    {
        ArgumentNullException.ThrowIfNull(openApiV3Schema);
        var converted = Convert(openApiV3Schema, "");
        converted["$schema"] = "https://json-schema.org/draft/2020-12/schema";
        JsonSchema = converted;
        _schema = Json.Schema.JsonSchema.FromText(converted.ToJsonString());
    }

    /// <summary>The translated schema, for inspection.</summary>
    public JsonObject JsonSchema { get; }

    /// <summary>Every violation, each naming the field as Kubernetes does (<c>spec.mapping.filters[0].pattern</c>).</summary>
    public IReadOnlyList<SchemaViolation> Validate(JsonNode instance)
    {
        var results = _schema.Evaluate(instance, new EvaluationOptions
        {
            OutputFormat = OutputFormat.Hierarchical,
            RequireFormatValidation = true,
        });
        return [.. Violations(results).Distinct()];
    }

    /// <summary>
    /// The errors along invalid branches only: a <c>oneOf</c> that passed still carries the failures of its other
    /// branches, which are no fault of the object. A failed <c>not</c> carries no message of its own, so one is made.
    /// </summary>
    private static IEnumerable<SchemaViolation> Violations(EvaluationResults node)
    {
        if (node.IsValid)
        {
            yield break;
        }

        var path = FieldPath(node.InstanceLocation.ToString());
        var found = false;
        foreach (var (keyword, message) in node.Errors ?? new Dictionary<string, string>())
        {
            found = true;
            yield return new SchemaViolation(path, keyword, message);
        }

        foreach (var violation in (node.HasDetails ? node.Details : []).SelectMany(Violations))
        {
            found = true;
            yield return violation;
        }

        if (!found && node.HasDetails && node.Details.Any(d => d.IsValid && d.EvaluationPath.ToString().EndsWith("/not", StringComparison.Ordinal)))
        {
            yield return new SchemaViolation(path, "not", "the value is in a range or set the schema excludes");
        }
    }

    private static JsonObject Convert(JsonObject schema, string location)
    {
        var result = new JsonObject();
        foreach (var (key, value) in schema)
        {
            switch (key)
            {
                case var k when CopiedKeywords.Contains(k):
                    result[k] = value?.DeepClone();
                    break;
                case "properties":
                    result[key] = new JsonObject(((JsonObject)value!).Select(p =>
                        KeyValuePair.Create(p.Key, (JsonNode?)Convert((JsonObject)p.Value!, $"{location}.{p.Key}"))));
                    break;
                case "items" or "not":
                    result[key] = Convert((JsonObject)value!, location + "[*]");
                    break;
                case "additionalProperties":
                    result[key] = value is JsonObject nested ? Convert(nested, location + ".*") : value?.DeepClone();
                    break;
                case "oneOf" or "anyOf" or "allOf":
                    result[key] = new JsonArray([.. ((JsonArray)value!).Select(s => (JsonNode)Convert((JsonObject)s!, location))]);
                    break;
                case "format":
                    ApplyFormat(result, (string)value!);
                    break;
                case "exclusiveMinimum" or "exclusiveMaximum":
                    // OpenAPI 3.0 spells these as booleans next to minimum/maximum; 2020-12 wants the bound itself.
                    if ((bool)value!)
                    {
                        var bound = key == "exclusiveMinimum" ? "minimum" : "maximum";
                        result[key] = schema[bound]!.DeepClone();
                    }

                    break;
                case "nullable":
                    break;
                case "x-kubernetes-list-type":
                    if ((string?)value == "set")
                    {
                        result["uniqueItems"] = true;
                    }

                    break;
                case "x-kubernetes-int-or-string":
                    if ((bool)value!)
                    {
                        result["anyOf"] = new JsonArray(new JsonObject { ["type"] = "integer" }, new JsonObject { ["type"] = "string" });
                    }

                    break;
                case "x-kubernetes-preserve-unknown-fields":
                    break;
                case var k when SkippedKeywords.Contains(k):
                    break;
                default:
                    throw new NotSupportedException($"{location}: no JSON Schema translation for the keyword {key}");
            }
        }

        if (schema["x-kubernetes-int-or-string"] is JsonValue intOrString && (bool)intOrString)
        {
            result.Remove("type");
        }

        if (schema["nullable"] is JsonValue nullable && (bool)nullable && schema["type"] is JsonValue t)
        {
            result["type"] = new JsonArray((string)t!, "null");
        }

        var preserveUnknown = schema["x-kubernetes-preserve-unknown-fields"] is JsonValue p && (bool)p;
        if (schema["properties"] is not null && schema["additionalProperties"] is null && !preserveUnknown)
        {
            result["additionalProperties"] = false;
        }

        return result;
    }

    private static void ApplyFormat(JsonObject result, string format)
    {
        switch (format)
        {
            case "int32":
                result["minimum"] ??= int.MinValue;
                result["maximum"] ??= int.MaxValue;
                break;
            case "int64":
                result["minimum"] ??= long.MinValue;
                result["maximum"] ??= long.MaxValue;
                break;
            case "date-time" or "date" or "uuid" or "email" or "hostname" or "ipv4" or "ipv6" or "uri":
                result["format"] = format;
                break;
            default:
                // Kubernetes ignores formats it does not know; so does this translation.
                break;
        }
    }

    /// <summary><c>/spec/mapping/filters/0/pattern</c> → <c>spec.mapping.filters[0].pattern</c>.</summary>
    private static string FieldPath(string pointer)
    {
        var path = "";
        foreach (var segment in pointer.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = segment.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            path += int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out _)
                ? $"[{name}]"
                : path.Length == 0 ? name : "." + name;
        }

        return path;
    }
}

public sealed record SchemaViolation(string Path, string Keyword, string Message)
{
    public override string ToString() => $"{(Path.Length == 0 ? "<root>" : Path)}: {Message} ({Keyword})";
}
