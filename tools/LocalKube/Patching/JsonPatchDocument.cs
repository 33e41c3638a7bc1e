using System.Globalization;
using System.Text.Json.Nodes;
using LocalKube.Api;

namespace LocalKube.Patching;

/// <summary>RFC 6902 JSON patch. A malformed document is a 400; an operation that cannot apply (a failed <c>test</c>) a 422.</summary>
public static class JsonPatchDocument
{
    public static JsonNode Apply(JsonNode target, JsonNode? patch)
    {
        if (patch is not JsonArray operations)
        {
            throw ApiException.BadRequest("json: cannot unmarshal object into Go value of type jsonpatch.Patch");
        }

        var document = target.DeepClone();
        foreach (var node in operations)
        {
            if (node is not JsonObject op || op["op"]?.GetValue<string>() is not { } name || op["path"]?.GetValue<string>() is not { } path)
            {
                throw ApiException.BadRequest("the server rejected our request due to an error in our request: malformed JSON patch operation");
            }

            document = name switch
            {
                "add" => Add(document, path, RequireValue(op)),
                "remove" => Remove(document, path, out _),
                "replace" => Add(Remove(document, path, out _), path, RequireValue(op)),
                "move" => Move(document, From(op), path),
                "copy" => Add(document, path, Get(document, From(op)).DeepClone()),
                "test" => Test(document, path, op["value"]),
                _ => throw ApiException.BadRequest($"Unexpected kind: {name}"),
            };
        }

        return document;
    }

    private static JsonNode? RequireValue(JsonObject op) =>
        op.ContainsKey("value") ? op["value"]?.DeepClone() : throw ApiException.BadRequest("missing value in JSON patch operation");

    private static string From(JsonObject op) =>
        op["from"]?.GetValue<string>() ?? throw ApiException.BadRequest("missing from in JSON patch operation");

    private static JsonNode Move(JsonNode document, string from, string path)
    {
        var value = Get(document, from).DeepClone();
        return Add(Remove(document, from, out _), path, value);
    }

    private static JsonNode Test(JsonNode document, string path, JsonNode? expected)
    {
        var actual = TryGet(document, path, out var found);
        if (!found || !JsonNode.DeepEquals(actual, expected))
        {
            throw Unprocessable($"testing value {path} failed: test failed");
        }

        return document;
    }

    private static JsonNode Add(JsonNode document, string path, JsonNode? value)
    {
        if (path.Length == 0)
        {
            return value ?? throw Unprocessable("cannot replace the document with null");
        }

        var (parent, last) = Parent(document, path);
        switch (parent)
        {
            case JsonObject o:
                o[last] = value;
                break;
            case JsonArray a:
                if (last == "-")
                {
                    a.Add(value);
                }
                else if (int.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i <= a.Count)
                {
                    a.Insert(i, value);
                }
                else
                {
                    throw Unprocessable($"add operation does not apply: index {last} is out of range for {path}");
                }

                break;
            default:
                throw Unprocessable($"add operation does not apply: doc is missing path: \"{path}\"");
        }

        return document;
    }

    private static JsonNode Remove(JsonNode document, string path, out JsonNode? removed)
    {
        var (parent, last) = Parent(document, path);
        switch (parent)
        {
            case JsonObject o when o.ContainsKey(last):
                removed = o[last];
                o.Remove(last);
                break;
            case JsonArray a when int.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < a.Count:
                removed = a[i];
                a.RemoveAt(i);
                break;
            default:
                throw Unprocessable($"remove operation does not apply: doc is missing path: \"{path}\"");
        }

        return document;
    }

    private static JsonNode Get(JsonNode document, string path)
    {
        var value = TryGet(document, path, out var found);
        return found && value is not null ? value : throw Unprocessable($"doc is missing path: \"{path}\"");
    }

    private static JsonNode? TryGet(JsonNode document, string path, out bool found)
    {
        JsonNode? node = document;
        foreach (var token in Tokens(path))
        {
            switch (node)
            {
                case JsonObject o when o.TryGetPropertyValue(token, out var child):
                    node = child;
                    break;
                case JsonArray a when int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < a.Count:
                    node = a[i];
                    break;
                default:
                    found = false;
                    return null;
            }
        }

        found = true;
        return node;
    }

    private static (JsonNode? Parent, string Last) Parent(JsonNode document, string path)
    {
        var tokens = Tokens(path);
        var parentPath = tokens.Count == 1 ? "" : "/" + string.Join('/', tokens.Take(tokens.Count - 1).Select(Escape));
        var parent = TryGet(document, parentPath, out var found);
        return (found ? parent : null, tokens[^1]);
    }

    private static List<string> Tokens(string path)
    {
        if (path.Length == 0)
        {
            return [];
        }

        if (!path.StartsWith('/'))
        {
            throw ApiException.BadRequest($"JSON pointer must start with '/': {path}");
        }

        return [.. path[1..].Split('/').Select(t => t.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal))];
    }

    private static string Escape(string token) => token.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    private static ApiException Unprocessable(string message) => new(422, "Invalid", message);
}
