using System.Text.Json.Nodes;

namespace LocalKube.Cel;

/// <summary>A static CEL type, derived from a structural schema the way Kubernetes declares rule variables.</summary>
public abstract record CelType
{
    public static readonly CelType Dyn = new CelPrimitiveType("dyn");
    public static readonly CelType Bool = new CelPrimitiveType("bool");
    public static readonly CelType Int = new CelPrimitiveType("int");
    public static readonly CelType Double = new CelPrimitiveType("double");
    public static readonly CelType String = new CelPrimitiveType("string");
    public static readonly CelType Null = new CelPrimitiveType("null_type");
    public static readonly CelType Timestamp = new CelPrimitiveType("google.protobuf.Timestamp");

    public abstract string Name { get; }

    public bool IsDyn => ReferenceEquals(this, Dyn);

    /// <summary>Whether a value of <paramref name="actual"/> type may be passed where this type is declared.</summary>
    public bool Accepts(CelType actual) => (this, actual) switch
    {
        _ when IsDyn || actual.IsDyn => true,
        (CelListType declared, CelListType list) => declared.Element.Accepts(list.Element),
        (CelMapType declared, CelMapType map) => declared.Key.Accepts(map.Key) && declared.Value.Accepts(map.Value),
        (CelObjectType, CelObjectType) => true,
        _ => Equals(actual),
    };

    /// <summary>Maps a schema node to its CEL type: objects with properties, maps, lists, scalars; int-or-string is dyn.</summary>
    public static CelType FromSchema(JsonObject? schema, bool isResourceRoot = false)
    {
        if (schema is null || schema["x-kubernetes-int-or-string"]?.GetValue<bool>() == true)
        {
            return Dyn;
        }

        return schema["type"]?.GetValue<string>() switch
        {
            "object" when schema["additionalProperties"] is JsonObject values => new CelMapType(String, FromSchema(values)),
            "object" when schema["properties"] is null && schema["x-kubernetes-preserve-unknown-fields"]?.GetValue<bool>() == true => Dyn,
            "object" => new CelObjectType(schema, isResourceRoot),
            "array" => new CelListType(FromSchema(schema["items"] as JsonObject)),
            "string" => schema["format"]?.GetValue<string>() is "date-time" or "date" ? Timestamp : String,
            "integer" => Int,
            "number" => Double,
            "boolean" => Bool,
            _ => Dyn,
        };
    }
}

public sealed record CelPrimitiveType(string TypeName) : CelType
{
    public override string Name => TypeName;
}

public sealed record CelListType(CelType Element) : CelType
{
    public override string Name => $"list({Element.Name})";
}

public sealed record CelMapType(CelType Key, CelType Value) : CelType
{
    public override string Name => $"map({Key.Name}, {Value.Name})";
}

/// <summary>An object with declared properties. At the resource root, <c>apiVersion</c>, <c>kind</c> and <c>metadata.name</c>/<c>generateName</c> are visible too.</summary>
public sealed record CelObjectType(JsonObject Schema, bool IsResourceRoot) : CelType
{
    public override string Name => "object";

    public CelType? Field(string name)
    {
        if (IsResourceRoot && name == "metadata")
        {
            return new CelObjectType(new JsonObject
            {
                ["type"] = "object",
                ["properties"] = new JsonObject { ["name"] = new JsonObject { ["type"] = "string" }, ["generateName"] = new JsonObject { ["type"] = "string" } },
            }, false);
        }

        if (IsResourceRoot && name is "apiVersion" or "kind")
        {
            return String;
        }

        return Schema["properties"]?[Unescape(name)] is JsonObject property ? FromSchema(property) : null;
    }

    /// <summary>Kubernetes escapes property names that are not CEL identifiers: <c>__dash__</c>, <c>__dot__</c>, <c>__slash__</c>, <c>__underscores__</c>.</summary>
    public static string Unescape(string name) =>
        name.Replace("__underscores__", "\u0000", StringComparison.Ordinal)
            .Replace("__dash__", "-", StringComparison.Ordinal)
            .Replace("__dot__", ".", StringComparison.Ordinal)
            .Replace("__slash__", "/", StringComparison.Ordinal)
            .Replace("\u0000", "__", StringComparison.Ordinal);

    public bool Equals(CelObjectType? other) => other is not null && ReferenceEquals(Schema, other.Schema) && IsResourceRoot == other.IsResourceRoot;

    public override int GetHashCode() => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(Schema);
}
