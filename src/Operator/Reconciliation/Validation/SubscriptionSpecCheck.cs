using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;
using CrossAccountStreams.Entities;
using CrossAccountStreams.Entities.V1Alpha1;

namespace CrossAccountStreams.Operator.Reconciliation.Validation;

/// <summary>
/// Spec rules the CRD's OpenAPI schema cannot state: filter patterns must be JSON objects, and tag keys must be tag
/// keys (the schema says so only in CEL, which an API server may not evaluate). Checked before any AWS call, so a
/// bad spec stalls with the field named instead of failing half-way, after the stream policy was already written.
/// </summary>
public static partial class SubscriptionSpecCheck
{
    private const int ShownLength = 64;

    private static readonly JsonSerializerOptions Quoting = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The first problem, as a message naming the field; null when the spec passes.</summary>
    public static string? FirstProblem(StreamSubscriptionSpec spec)
    {
        var mapping = spec.Mapping;
        var filters = mapping?.Filters ?? [];
        for (var i = 0; i < filters.Count; i++)
        {
            if (FilterProblem(filters[i].Pattern) is { } problem)
            {
                return $"spec.mapping.filters[{i}].pattern {problem}: write an event pattern as a JSON object, e.g. {{\"eventName\":[\"INSERT\"]}}.";
            }
        }

        foreach (var (key, value) in (mapping?.Tags ?? new Dictionary<string, string>()).OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            if (!TagKey().IsMatch(key))
            {
                return $"spec.mapping.tags has an invalid key {Quoted(key)}: tag keys are 1 to 128 letters, digits, spaces or _.:/=+@- and may not start with aws:.";
            }

            if (value.Length > 256 || !TagValue().IsMatch(value))
            {
                return $"spec.mapping.tags[{Quoted(key)}] has an invalid value {Quoted(value)}: tag values are up to 256 letters, digits, spaces or _.:/=+@-.";
            }
        }

        return null;
    }

    private static string? FilterProblem(string pattern)
    {
        try
        {
            using var document = JsonDocument.Parse(pattern);
            return document.RootElement.ValueKind == JsonValueKind.Object ? null : $"is a JSON {document.RootElement.ValueKind.ToString().ToLowerInvariant()}, not an object";
        }
        catch (JsonException e)
        {
            return $"is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1})";
        }
    }

    /// <summary>User text in a message: quoted and escaped, so quotes, newlines and terminal escapes cannot forge output.</summary>
    private static string Quoted(string text) =>
        JsonSerializer.Serialize(text.Length > ShownLength ? text[..ShownLength] + "..." : text, Quoting);

    [GeneratedRegex(ApiPatterns.TagKey)]
    private static partial Regex TagKey();

    [GeneratedRegex(ApiPatterns.TagValue)]
    private static partial Regex TagValue();
}
