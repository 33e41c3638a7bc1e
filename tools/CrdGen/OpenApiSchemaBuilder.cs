using System.Collections;
using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using System.Runtime.Serialization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using CrossAccountStreams.Entities.Schema;
using k8s;

namespace CrossAccountStreams.CrdGen;

/// <summary>
/// Builds the structural OpenAPI v3 schema of an entity by reflection: JSON names from <see cref="JsonPropertyNameAttribute"/>,
/// descriptions from <see cref="DescriptionAttribute"/>, and validation from DataAnnotations and the attributes in
/// <c>CrossAccountStreams.Entities.Schema</c>. Anything it cannot render faithfully is an error, never a silent omission.
/// </summary>
internal sealed partial class OpenApiSchemaBuilder
{
    private const string ApiVersionDescription =
        "APIVersion defines the versioned schema of this representation of an object. Servers convert recognized schemas to the latest internal value and may reject unrecognized values.";

    private const string KindDescription =
        "Kind is a string value representing the REST resource this object represents. Servers may infer it from the endpoint the client submits requests to. Cannot be updated. In CamelCase.";

    private readonly Stack<Type> _path = new();

    public JsonObject ForEntity(Type entityType)
    {
        var schema = ForObject(entityType);
        var properties = (JsonObject)schema["properties"]!;

        // TypeMeta and ObjectMeta are the API server's business: describe them, never constrain them.
        properties["apiVersion"] = new JsonObject { ["description"] = ApiVersionDescription, ["type"] = "string" };
        properties["kind"] = new JsonObject { ["description"] = KindDescription, ["type"] = "string" };
        properties["metadata"] = new JsonObject { ["type"] = "object" };
        return schema;
    }

    private JsonObject ForType(Type type, string location)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (KubernetesModelSchemas.TryGet(type, out var known))
        {
            return known;
        }

        if (type == typeof(string))
        {
            return new JsonObject { ["type"] = "string" };
        }

        if (type == typeof(bool))
        {
            return new JsonObject { ["type"] = "boolean" };
        }

        if (type == typeof(int) || type == typeof(short) || type == typeof(byte))
        {
            return new JsonObject { ["type"] = "integer", ["format"] = "int32" };
        }

        if (type == typeof(long))
        {
            return new JsonObject { ["type"] = "integer", ["format"] = "int64" };
        }

        if (type == typeof(double) || type == typeof(float) || type == typeof(decimal))
        {
            return new JsonObject { ["type"] = "number", ["format"] = "double" };
        }

        if (type == typeof(DateTime) || type == typeof(DateTimeOffset))
        {
            return new JsonObject { ["type"] = "string", ["format"] = "date-time" };
        }

        if (type.IsEnum)
        {
            return new JsonObject { ["type"] = "string", ["enum"] = new JsonArray([.. EnumValues(type).Select(v => (JsonNode)v)]) };
        }

        if (MapValueType(type) is { } valueType)
        {
            return new JsonObject { ["type"] = "object", ["additionalProperties"] = ForType(valueType, location + ".*") };
        }

        if (ListItemType(type) is { } itemType)
        {
            return new JsonObject { ["type"] = "array", ["items"] = ForType(itemType, location + "[*]") };
        }

        if (type.IsClass && type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Length > 0)
        {
            return ForObject(type);
        }

        throw new NotSupportedException($"{location}: cannot render the type {type.FullName} as an OpenAPI schema");
    }

    private JsonObject ForObject(Type type)
    {
        if (_path.Contains(type))
        {
            throw new NotSupportedException($"{type.FullName} contains itself; structural schemas cannot be recursive");
        }

        _path.Push(type);
        try
        {
            var schema = new JsonObject();
            if (type.GetCustomAttribute<DescriptionAttribute>() is { } description)
            {
                schema["description"] = description.Description;
            }

            schema["type"] = "object";
            var properties = new JsonObject();
            var required = new List<string>();
            foreach (var property in SerializedProperties(type))
            {
                var name = JsonName(property);
                properties[name] = ForProperty(property, $"{type.Name}.{property.Name}");
                if (property.GetCustomAttribute<RequiredAttribute>() is not null)
                {
                    required.Add(name);
                }
            }

            schema["properties"] = properties;
            if (required.Count > 0)
            {
                schema["required"] = new JsonArray([.. required.Order(StringComparer.Ordinal).Select(r => (JsonNode)r)]);
            }

            if (type.GetCustomAttribute<ExactlyOneOfAttribute>() is { } exactlyOne)
            {
                schema["oneOf"] = new JsonArray([.. exactlyOne.PropertyNames.Select(p => (JsonNode)new JsonObject
                {
                    ["required"] = new JsonArray(JsonName(type.GetProperty(p)
                        ?? throw new NotSupportedException($"{type.FullName}: [ExactlyOneOf] names {p}, which is not a property"))),
                })]);
            }

            AddCelRules(schema, type.GetCustomAttributes<CelRuleAttribute>());
            return schema;
        }
        finally
        {
            _path.Pop();
        }
    }

    private JsonObject ForProperty(PropertyInfo property, string location)
    {
        var schema = ForType(property.PropertyType, location);
        var type = (string?)schema["type"];

        if (property.GetCustomAttribute<DescriptionAttribute>() is { } description)
        {
            schema["description"] = description.Description;
        }

        if (property.GetCustomAttribute<RegularExpressionAttribute>() is { } regex)
        {
            Require(type == "string", location, "[RegularExpression] applies to strings only");
            schema["pattern"] = CheckedPattern(regex.Pattern, location);
        }

        if (property.GetCustomAttribute<MinLengthAttribute>() is { } minLength)
        {
            schema[LengthKeyword(type, "minLength", "minItems", location)] = minLength.Length;
        }

        if (property.GetCustomAttribute<MaxLengthAttribute>() is { } maxLength)
        {
            schema[LengthKeyword(type, "maxLength", "maxItems", location)] = maxLength.Length;
        }

        if (property.GetCustomAttribute<StringLengthAttribute>() is { } stringLength)
        {
            Require(type == "string", location, "[StringLength] applies to strings only");
            schema["maxLength"] = stringLength.MaximumLength;
            if (stringLength.MinimumLength > 0)
            {
                schema["minLength"] = stringLength.MinimumLength;
            }
        }

        if (property.GetCustomAttribute<RangeAttribute>() is { } range)
        {
            Require(type is "integer" or "number", location, "[Range] applies to numbers only");
            schema["minimum"] = NumberNode(range.Minimum, type!);
            schema["maximum"] = NumberNode(range.Maximum, type!);
        }

        if (property.GetCustomAttribute<ExcludedRangeAttribute>() is { } excluded)
        {
            Require(type is "integer" or "number", location, "[ExcludedRange] applies to numbers only");
            schema["not"] = new JsonObject { ["minimum"] = excluded.Minimum, ["maximum"] = excluded.Maximum };
        }

        ApplyListAttributes(property, schema, type, location);
        ApplyMapAttributes(property, schema, type, location);

        if (property.GetCustomAttribute<DefaultValueAttribute>() is { } defaultValue)
        {
            schema["default"] = DefaultNode(defaultValue.Value, schema, location);
        }

        AddCelRules(schema, property.GetCustomAttributes<CelRuleAttribute>());
        return schema;
    }

    private static void ApplyListAttributes(PropertyInfo property, JsonObject schema, string? type, string location)
    {
        if (property.GetCustomAttribute<ItemsAttribute>() is { } items)
        {
            Require(type == "array" && (string?)schema["items"]!["type"] == "string", location, "[Items] applies to lists of strings only");
            var itemSchema = (JsonObject)schema["items"]!;
            if (items.MinLength >= 0)
            {
                itemSchema["minLength"] = items.MinLength;
            }

            if (items.MaxLength >= 0)
            {
                itemSchema["maxLength"] = items.MaxLength;
            }

            if (items.Pattern is not null)
            {
                itemSchema["pattern"] = CheckedPattern(items.Pattern, location);
            }

            if (items.Enum.Length > 0)
            {
                itemSchema["enum"] = new JsonArray([.. items.Enum.Select(e => (JsonNode)e)]);
            }
        }

        if (property.GetCustomAttribute<ListMapAttribute>() is { } listMap)
        {
            Require(type == "array" && (string?)schema["items"]!["type"] == "object", location, "[ListMap] applies to lists of objects only");
            var itemRequired = ((JsonArray?)schema["items"]!["required"])?.Select(n => (string?)n).ToHashSet() ?? [];
            foreach (var key in listMap.Keys)
            {
                // The API server refuses a list-map whose keys are optional and have no default.
                Require(itemRequired.Contains(key), location, $"list-map key {key} must be a required property of the items");
            }

            schema["x-kubernetes-list-type"] = "map";
            schema["x-kubernetes-list-map-keys"] = new JsonArray([.. listMap.Keys.Select(k => (JsonNode)k)]);
        }

        if (property.GetCustomAttribute<ListSetAttribute>() is not null)
        {
            Require(type == "array" && (string?)schema["items"]!["type"] is "string" or "integer" or "number" or "boolean",
                location, "[ListSet] applies to lists of scalars only");
            schema["x-kubernetes-list-type"] = "set";
        }
    }

    private static void ApplyMapAttributes(PropertyInfo property, JsonObject schema, string? type, string location)
    {
        if (property.GetCustomAttribute<MaxPropertiesAttribute>() is { } maxProperties)
        {
            Require(type == "object", location, "[MaxProperties] applies to maps and objects only");
            schema["maxProperties"] = maxProperties.Max;
        }

        if (property.GetCustomAttribute<MapValueAttribute>() is { } mapValue)
        {
            Require(type == "object" && (string?)schema["additionalProperties"]?["type"] == "string", location, "[MapValue] applies to string maps only");
            var valueSchema = (JsonObject)schema["additionalProperties"]!;
            if (mapValue.MaxLength >= 0)
            {
                valueSchema["maxLength"] = mapValue.MaxLength;
            }

            if (mapValue.Pattern is not null)
            {
                valueSchema["pattern"] = CheckedPattern(mapValue.Pattern, location);
            }
        }
    }

    private static void AddCelRules(JsonObject schema, IEnumerable<CelRuleAttribute> rules)
    {
        foreach (var rule in rules)
        {
            var entry = new JsonObject { ["rule"] = rule.Rule, ["message"] = rule.Message };
            if (rule.FieldPath is not null)
            {
                entry["fieldPath"] = rule.FieldPath;
            }

            if (rule.Reason is not null)
            {
                entry["reason"] = rule.Reason;
            }

            if (schema["x-kubernetes-validations"] is not JsonArray list)
            {
                list = [];
                schema["x-kubernetes-validations"] = list;
            }

            list.Add(entry);
        }
    }

    /// <summary>The value as the JSON the serializer would write, checked against the property's own schema.</summary>
    private static JsonNode DefaultNode(object? value, JsonObject schema, string location)
    {
        JsonNode node = (string?)schema["type"] switch
        {
            "string" when value is string s => JsonValue.Create(s),
            "string" when value is Enum e => JsonValue.Create(EnumValueName(e.GetType().GetField(e.ToString())!)),
            "boolean" when value is bool b => JsonValue.Create(b),
            "integer" when value is int or long or short or byte => JsonValue.Create(Convert.ToInt64(value, CultureInfo.InvariantCulture)),
            "number" when value is int or long or double or float or decimal => JsonValue.Create(Convert.ToDouble(value, CultureInfo.InvariantCulture)),
            _ => throw new NotSupportedException($"{location}: default {value ?? "null"} does not fit type {schema["type"]}"),
        };
        if (schema["enum"] is JsonArray allowed && !allowed.Any(a => JsonNode.DeepEquals(a, node)))
        {
            throw new NotSupportedException($"{location}: default {node.ToJsonString()} is not one of {allowed.ToJsonString()}");
        }

        return node;
    }

    private static JsonNode NumberNode(object bound, string type) => type == "integer"
        ? JsonValue.Create(Convert.ToInt64(bound, CultureInfo.InvariantCulture))
        : JsonValue.Create(Convert.ToDouble(bound, CultureInfo.InvariantCulture));

    private static string LengthKeyword(string? type, string forString, string forArray, string location) => type switch
    {
        "string" => forString,
        "array" => forArray,
        _ => throw new NotSupportedException($"{location}: length limits apply to strings and lists only"),
    };

    /// <summary>The API server evaluates patterns with RE2, which has no lookaround and no backreferences.</summary>
    private static string CheckedPattern(string pattern, string location)
    {
        string[] unsupported = ["(?=", "(?!", "(?<=", "(?<!", "\\1", "\\2", "\\k<"];
        if (unsupported.FirstOrDefault(pattern.Contains) is { } construct)
        {
            throw new NotSupportedException($"{location}: pattern {pattern} uses {construct}, which RE2 (the API server's regex engine) does not support");
        }

        // RE2 refuses {n,m} with a bound above 1000, and the API server then refuses the CRD.
        if (RepeatCount().Matches(pattern).SelectMany(m => m.Groups.Values.Skip(1)).Any(g => g.Success && g.Value.Length > 0 && int.Parse(g.Value, CultureInfo.InvariantCulture) > 1000))
        {
            throw new NotSupportedException($"{location}: pattern {pattern} repeats more than 1000 times, which RE2 (the API server's regex engine) does not support; use minLength/maxLength");
        }

        return pattern;
    }

    [GeneratedRegex(@"(?<!\\)\{([0-9]+)(?:,([0-9]*))?\}")]
    private static partial Regex RepeatCount();

    private static void Require(bool condition, string location, string message)
    {
        if (!condition)
        {
            throw new NotSupportedException($"{location}: {message}");
        }
    }

    private static IEnumerable<PropertyInfo> SerializedProperties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetMethod is not null && p.GetIndexParameters().Length == 0)
            .Where(p => p.GetCustomAttribute<JsonIgnoreAttribute>() is not { Condition: JsonIgnoreCondition.Always })
            .Where(p => !IsTypeMeta(type, p))
            .OrderBy(p => p.MetadataToken);

    /// <summary>apiVersion, kind and metadata of an entity are rendered by <see cref="ForEntity"/>.</summary>
    private static bool IsTypeMeta(Type type, PropertyInfo property) =>
        type.IsAssignableTo(typeof(IKubernetesObject)) && JsonName(property) is "apiVersion" or "kind" or "metadata";

    private static string JsonName(PropertyInfo property) =>
        property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(property.Name);

    /// <summary>Enum values as System.Text.Json writes them with a string enum converter, in declaration order.</summary>
    private static string[] EnumValues(Type enumType) =>
        [.. enumType.GetFields(BindingFlags.Public | BindingFlags.Static).OrderBy(f => f.MetadataToken).Select(EnumValueName)];

    /// <summary>
    /// The JSON name of one enum member. KubernetesYaml (YamlDotNet) reads <see cref="EnumMemberAttribute"/> instead of
    /// <see cref="JsonStringEnumMemberNameAttribute"/>, so where the names differ the two must agree.
    /// </summary>
    private static string EnumValueName(FieldInfo member)
    {
        var json = member.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? member.Name;
        var yaml = member.GetCustomAttribute<EnumMemberAttribute>()?.Value ?? member.Name;
        return json == yaml
            ? json
            : throw new NotSupportedException(
                $"{member.DeclaringType!.Name}.{member.Name}: System.Text.Json writes {json} but KubernetesYaml writes {yaml}; add [EnumMember(Value = \"{json}\")]");
    }

    private static Type? MapValueType(Type type)
    {
        var dictionary = type.IsGenericType && type.GetGenericTypeDefinition() is var d
            && (d == typeof(IDictionary<,>) || d == typeof(IReadOnlyDictionary<,>) || d == typeof(Dictionary<,>))
            ? type
            : type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IDictionary<,>));
        if (dictionary is null)
        {
            return null;
        }

        var arguments = dictionary.GetGenericArguments();
        return arguments[0] == typeof(string)
            ? arguments[1]
            : throw new NotSupportedException($"{type.FullName}: map keys must be strings");
    }

    private static Type? ListItemType(Type type)
    {
        if (type == typeof(string) || !type.IsAssignableTo(typeof(IEnumerable)))
        {
            return null;
        }

        if (type.IsArray)
        {
            return type.GetElementType();
        }

        var enumerable = type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IEnumerable<>)
            ? type
            : type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>));
        return enumerable?.GetGenericArguments()[0];
    }
}
