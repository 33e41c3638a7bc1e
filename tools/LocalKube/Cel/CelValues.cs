using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LocalKube.Cel;

/// <summary>CEL's <c>null</c>.</summary>
public sealed class CelNull
{
    public static readonly CelNull Value = new();

    private CelNull()
    {
    }

    public override string ToString() => "null";
}

/// <summary>
/// A CEL list. Lists of <c>x-kubernetes-list-type: set</c> or <c>map</c> compare without regard to order, as
/// Kubernetes declares them.
/// </summary>
public sealed record CelList(IReadOnlyList<object> Items, bool Unordered = false);

/// <summary>A CEL map or object; keys keep their insertion order so iteration is stable.</summary>
public sealed class CelMap(IReadOnlyList<KeyValuePair<object, object>> entries)
{
    public IReadOnlyList<KeyValuePair<object, object>> Entries { get; } = entries;

    public int Count => Entries.Count;

    public bool TryGet(object key, out object value)
    {
        foreach (var entry in Entries)
        {
            if (CelValues.Equal(entry.Key, key))
            {
                value = entry.Value;
                return true;
            }
        }

        value = CelNull.Value;
        return false;
    }
}

/// <summary>Runtime values: conversion from JSON (typed by the schema, as Kubernetes types them), equality, names.</summary>
public static class CelValues
{
    /// <summary>Converts a JSON node to a CEL value, reading <paramref name="schema"/> for numbers, timestamps and list types.</summary>
    public static object FromJson(JsonNode? node, JsonObject? schema)
    {
        switch (node)
        {
            case null:
                return CelNull.Value;
            case JsonObject o:
                var properties = schema?["properties"] as JsonObject;
                var additional = schema?["additionalProperties"] as JsonObject;
                return new CelMap([.. o.Select(p => new KeyValuePair<object, object>(p.Key, FromJson(p.Value, properties?[p.Key] as JsonObject ?? additional)))]);
            case JsonArray a:
                var items = schema?["items"] as JsonObject;
                var listType = schema?["x-kubernetes-list-type"]?.GetValue<string>();
                return new CelList([.. a.Select(e => FromJson(e, items))], listType is "set" or "map");
            default:
                return Scalar((JsonValue)node, schema);
        }
    }

    private static object Scalar(JsonValue value, JsonObject? schema)
    {
        var type = schema?["type"]?.GetValue<string>();
        switch (value.GetValueKind())
        {
            case JsonValueKind.String:
                var text = value.GetValue<string>();
                if (type == "string" && schema?["format"]?.GetValue<string>() is "date-time" or "date"
                    && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var timestamp))
                {
                    return timestamp;
                }

                return text;
            case JsonValueKind.True:
                return true;
            case JsonValueKind.False:
                return false;
            case JsonValueKind.Number:
                var raw = value.ToJsonString();
                if (type != "number" && long.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
                {
                    return integer;
                }

                return double.Parse(raw, NumberStyles.Float, CultureInfo.InvariantCulture);
            default:
                return CelNull.Value;
        }
    }

    /// <summary>CEL equality: numbers compare across int and double, lists and maps deeply, other kinds never equal.</summary>
    public static bool Equal(object a, object b)
    {
        switch (a, b)
        {
            case (long x, long y):
                return x == y;
            case (long or double, long or double):
                return ToDouble(a) == ToDouble(b);
            case (string x, string y):
                return string.Equals(x, y, StringComparison.Ordinal);
            case (bool x, bool y):
                return x == y;
            case (CelNull, CelNull):
                return true;
            case (DateTimeOffset x, DateTimeOffset y):
                return x == y;
            case (CelList x, CelList y):
                return ListsEqual(x, y);
            case (CelMap x, CelMap y):
                return x.Count == y.Count && x.Entries.All(e => y.TryGet(e.Key, out var other) && Equal(e.Value, other));
            default:
                return false;
        }
    }

    private static bool ListsEqual(CelList x, CelList y)
    {
        if (x.Items.Count != y.Items.Count)
        {
            return false;
        }

        if (!x.Unordered && !y.Unordered)
        {
            return x.Items.Zip(y.Items).All(p => Equal(p.First, p.Second));
        }

        var remaining = y.Items.ToList();
        foreach (var item in x.Items)
        {
            var match = remaining.FindIndex(r => Equal(item, r));
            if (match < 0)
            {
                return false;
            }

            remaining.RemoveAt(match);
        }

        return true;
    }

    public static double ToDouble(object number) => number is long l ? l : (double)number;

    /// <summary>The CEL type name of a value, as error messages print it.</summary>
    public static string TypeName(object value) => value switch
    {
        long => "int",
        double => "double",
        string => "string",
        bool => "bool",
        CelNull => "null_type",
        DateTimeOffset => "google.protobuf.Timestamp",
        CelList => "list",
        CelMap => "map",
        _ => value.GetType().Name,
    };
}
