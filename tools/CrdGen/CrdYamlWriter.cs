using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace CrossAccountStreams.CrdGen;

/// <summary>
/// Writes a JSON document as block-style YAML in the usual CRD layout: mapping keys sorted, sequences not indented
/// under their key, no line folding, and strings quoted only where a YAML 1.1 reader (kubectl's) would take them for
/// something else.
/// </summary>
public static partial class CrdYamlWriter
{
    private static readonly HashSet<string> NonStringWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "y", "yes", "n", "no", "true", "false", "on", "off", "null", "~",
    };

    public static string Write(JsonNode document, string? headerComment = null)
    {
        ArgumentNullException.ThrowIfNull(document);
        using var writer = new StringWriter { NewLine = "\n" };
        foreach (var line in (headerComment ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            writer.Write($"# {line}\n");
        }

        var emitter = new Emitter(writer, 2, int.MaxValue, false);
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart(null, null, isImplicit: false));
        Emit(emitter, document);
        emitter.Emit(new DocumentEnd(isImplicit: true));
        emitter.Emit(new StreamEnd());
        return writer.ToString();
    }

    private static void Emit(Emitter emitter, JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                emitter.Emit(new MappingStart(null, null, true, obj.Count == 0 ? MappingStyle.Flow : MappingStyle.Block));
                foreach (var (key, value) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    EmitString(emitter, key);
                    Emit(emitter, value);
                }

                emitter.Emit(new MappingEnd());
                break;
            case JsonArray array:
                emitter.Emit(new SequenceStart(null, null, true, array.Count == 0 ? SequenceStyle.Flow : SequenceStyle.Block));
                foreach (var item in array)
                {
                    Emit(emitter, item);
                }

                emitter.Emit(new SequenceEnd());
                break;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                EmitString(emitter, value.GetValue<string>());
                break;
            case null:
                emitter.Emit(new Scalar(null, null, "null", ScalarStyle.Plain, true, false));
                break;
            default:
                // Numbers and booleans: their JSON text is also their YAML text.
                emitter.Emit(new Scalar(null, null, node.ToJsonString(), ScalarStyle.Plain, true, false));
                break;
        }
    }

    private static void EmitString(Emitter emitter, string text)
    {
        var style = text.Contains('\n', StringComparison.Ordinal) ? ScalarStyle.Literal
            : ReadsAsNonString(text) ? ScalarStyle.DoubleQuoted
            : ScalarStyle.Any;
        emitter.Emit(new Scalar(null, null, text, style, true, true));
    }

    private static bool ReadsAsNonString(string text) =>
        text.Length == 0 || NonStringWords.Contains(text) || NumberLike().IsMatch(text);

    /// <summary>Anything a YAML 1.1 resolver could read as an integer, float, sexagesimal number or timestamp.</summary>
    [GeneratedRegex(@"^[-+]?(\.?[0-9][0-9a-fA-FxXoObB_.:eE+\-TtZz ]*|\.(inf|Inf|INF|nan|NaN|NAN))$")]
    private static partial Regex NumberLike();
}
