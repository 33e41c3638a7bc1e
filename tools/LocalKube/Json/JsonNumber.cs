using System.Globalization;
using System.Text.Json.Nodes;

namespace LocalKube.Json;

/// <summary>Reads any JSON number node as a double, whatever CLR type backs it (parsed text, int, long).</summary>
public static class JsonNumber
{
    public static double Read(JsonNode node) => double.Parse(node.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);
}
