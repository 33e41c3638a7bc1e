using System.Text.Json;
using System.Text.Json.Nodes;
using LocalKube.Api;
using LocalKube.Resources;

namespace LocalKube.Selectors;

/// <summary>A parsed <c>fieldSelector</c> (<c>=</c>, <c>==</c>, <c>!=</c>) over the fields a resource makes selectable.</summary>
public sealed class FieldSelector
{
    private readonly IReadOnlyList<(string[] Path, bool Equal, string Value)> _terms;

    private FieldSelector(IReadOnlyList<(string[] Path, bool Equal, string Value)> terms) => _terms = terms;

    public static FieldSelector Parse(string? text, ResourceType type)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return new FieldSelector([]);
        }

        var terms = new List<(string[], bool, string)>();
        foreach (var part in text.Split(','))
        {
            var (label, equal, value) = Split(part.Trim(), text);
            var stored = type.Conversion?.StorageFieldLabel(label) ?? label;
            if (!type.SelectableFields.TryGetValue(stored, out var path))
            {
                throw ApiException.BadRequest($"field label not supported: {label}");
            }

            terms.Add((path, equal, value));
        }

        return new FieldSelector(terms);
    }

    /// <summary>Matches an object in its stored form.</summary>
    public bool Matches(JsonObject obj) => _terms.All(t => (Read(obj, t.Path) == t.Value) == t.Equal);

    private static (string Label, bool Equal, string Value) Split(string part, string text)
    {
        foreach (var (token, equal) in new[] { ("!=", false), ("==", true), ("=", true) })
        {
            var at = part.IndexOf(token, StringComparison.Ordinal);
            if (at > 0)
            {
                return (part[..at].Trim(), equal, part[(at + token.Length)..].Trim());
            }
        }

        throw ApiException.BadRequest($"invalid selector: '{text}'; can't understand '{part}'");
    }

    private static string Read(JsonObject obj, string[] path)
    {
        JsonNode? node = obj;
        foreach (var step in path)
        {
            node = node is JsonObject o ? o[step] : null;
        }

        return node switch
        {
            null => "",
            JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
            _ => node.ToJsonString(),
        };
    }
}
