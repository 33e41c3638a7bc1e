using System.Text.Json;
using System.Text.Json.Nodes;

namespace CrossAccountStreams.Operator.Reconciliation.Policy;

/// <summary>
/// A stream's resource policy as IAM JSON. Statements the operator does not own are kept exactly as they were;
/// only the statement with a given Sid is ever replaced or removed. <c>Statement</c> may be one object or an array,
/// and <c>Action</c>, <c>Resource</c> and principals may be a string or an array, as IAM allows.
/// </summary>
public sealed class StreamPolicyDocument
{
    public const string DefaultVersion = "2012-10-17";

    /// <summary>DynamoDB's limit on a resource policy, whitespace included.</summary>
    public const int MaxSizeBytes = 20 * 1024;

    private static readonly HashSet<string> SetValuedKeys = new(StringComparer.Ordinal) { "Action", "NotAction", "Resource", "NotResource" };
    private static readonly HashSet<string> CaseInsensitiveKeys = new(StringComparer.Ordinal) { "Action", "NotAction" };

    private readonly JsonObject header;
    private readonly IReadOnlyList<JsonObject> statements;

    private StreamPolicyDocument(JsonObject header, IReadOnlyList<JsonObject> statements)
    {
        this.header = header;
        this.statements = statements;
    }

    public static StreamPolicyDocument Empty { get; } = new(new JsonObject { ["Version"] = DefaultVersion }, []);

    public IReadOnlyList<JsonObject> Statements => statements;

    public bool IsEmpty => statements.Count == 0;

    /// <summary>Parses a policy; throws <see cref="FormatException"/> saying what is wrong.</summary>
    public static StreamPolicyDocument Parse(string json)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json);
        }
        catch (JsonException e)
        {
            throw new FormatException($"The stream policy is not valid JSON: {e.Message}", e);
        }

        if (node is not JsonObject root)
        {
            throw new FormatException("The stream policy is not a JSON object.");
        }

        var header = new JsonObject();
        List<JsonObject> statements = [];
        foreach (var (key, value) in root)
        {
            if (key != "Statement")
            {
                header[key] = value?.DeepClone();
                continue;
            }

            switch (value)
            {
                case JsonObject single:
                    statements.Add((JsonObject)single.DeepClone());
                    break;
                case JsonArray array:
                    foreach (var item in array)
                    {
                        statements.Add(item as JsonObject is { } statement
                            ? (JsonObject)statement.DeepClone()
                            : throw new FormatException("The stream policy has a Statement entry that is not a JSON object."));
                    }

                    break;
                default:
                    throw new FormatException("The stream policy's Statement is neither an object nor an array.");
            }
        }

        return new StreamPolicyDocument(header, statements);
    }

    public JsonObject? Find(string sid) => statements.FirstOrDefault(s => SidOf(s) == sid);

    /// <summary>This policy with <paramref name="statement"/> in place of any statement with its Sid (kept in position), or appended.</summary>
    public StreamPolicyDocument WithStatement(StreamReadStatement statement)
    {
        var replacement = statement.ToJson();
        List<JsonObject> result = [];
        var placed = false;
        foreach (var existing in statements)
        {
            if (SidOf(existing) != statement.Sid)
            {
                result.Add((JsonObject)existing.DeepClone());
            }
            else if (!placed)
            {
                result.Add(replacement);
                placed = true;
            }
        }

        if (!placed)
        {
            result.Add(replacement);
        }

        return new StreamPolicyDocument(HeaderWithVersion(), result);
    }

    /// <summary>This policy without the statement(s) with <paramref name="sid"/>; every other statement is untouched.</summary>
    public StreamPolicyDocument WithoutStatement(string sid) =>
        new(HeaderWithVersion(), [.. statements.Where(s => SidOf(s) != sid).Select(s => (JsonObject)s.DeepClone())]);

    /// <summary>
    /// Equal as IAM reads them: statement order, the order within Action/Resource/principal lists, string-vs-array
    /// and the case of action names do not matter.
    /// </summary>
    public bool SemanticallyEquals(StreamPolicyDocument other)
    {
        if (Canonical(header) != Canonical(other.header))
        {
            return false;
        }

        var mine = statements.Select(s => Canonical(s)).Order(StringComparer.Ordinal).ToList();
        var theirs = other.statements.Select(s => Canonical(s)).Order(StringComparer.Ordinal).ToList();
        return mine.SequenceEqual(theirs, StringComparer.Ordinal);
    }

    /// <summary>Distinct principals allowed to read records from the stream: more than two readers may be throttled.</summary>
    public int CountReaders()
    {
        HashSet<string> readers = new(StringComparer.Ordinal);
        foreach (var statement in statements)
        {
            var allows = statement["Effect"]?.GetValue<string>() == "Allow";
            var actions = Strings(statement["Action"]).Select(a => a.ToLowerInvariant()).ToList();
            var reads = actions.Any(a => a is "dynamodb:getrecords" or "dynamodb:*" or "*");
            if (allows && reads)
            {
                foreach (var principal in Principals(statement["Principal"]))
                {
                    readers.Add(principal);
                }
            }
        }

        return readers.Count;
    }

    /// <summary>Compact JSON (DynamoDB counts whitespace against the size limit), Statement always an array.</summary>
    public string ToJson()
    {
        var root = (JsonObject)header.DeepClone();
        root["Statement"] = new JsonArray([.. statements.Select(s => (JsonNode)s.DeepClone())]);
        return root.ToJsonString();
    }

    private static string? SidOf(JsonObject statement) =>
        statement["Sid"] is JsonValue value && value.TryGetValue<string>(out var sid) ? sid : null;

    private JsonObject HeaderWithVersion()
    {
        var copy = (JsonObject)header.DeepClone();
        copy["Version"] ??= DefaultVersion;
        return copy;
    }

    private static IEnumerable<string> Strings(JsonNode? node) => node switch
    {
        JsonValue value when value.TryGetValue<string>(out var s) => [s],
        JsonArray array => array.Select(n => n is JsonValue v && v.TryGetValue<string>(out var s) ? s : n?.ToJsonString() ?? "null"),
        _ => [],
    };

    private static IEnumerable<string> Principals(JsonNode? principal) => principal switch
    {
        JsonValue value when value.TryGetValue<string>(out var s) => [s],
        JsonObject map => map.SelectMany(kv => Strings(kv.Value).Select(p => $"{kv.Key}:{p}")),
        _ => [],
    };

    /// <summary>A canonical text form: keys sorted, set-valued members sorted and de-duplicated, single strings as one-element sets.</summary>
    private static string Canonical(JsonNode? node, string? key = null, bool setValued = false)
    {
        switch (node)
        {
            case JsonObject obj:
                var members = obj
                    .OrderBy(kv => kv.Key, StringComparer.Ordinal)
                    .Select(kv => JsonSerializer.Serialize(kv.Key) + ":" + Canonical(
                        kv.Value, kv.Key, SetValuedKeys.Contains(kv.Key) || key == "Principal" || key == "NotPrincipal"));
                return "{" + string.Join(',', members) + "}";
            case JsonArray array when setValued:
                return SetOf(array.Select(n => Canonical(n)), key);
            case JsonArray array:
                return "[" + string.Join(',', array.Select(n => Canonical(n))) + "]";
            case JsonValue when setValued:
                return SetOf([Canonical(node)], key);
            case null:
                return "null";
            default:
                return node.ToJsonString();
        }
    }

    private static string SetOf(IEnumerable<string> items, string? key)
    {
        var normalised = CaseInsensitiveKeys.Contains(key ?? "") ? items.Select(i => i.ToLowerInvariant()) : items;
        return "[" + string.Join(',', normalised.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)) + "]";
    }
}
