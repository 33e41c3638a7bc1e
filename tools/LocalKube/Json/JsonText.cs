using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LocalKube.Json;

/// <summary>Serializes responses as Go's encoding/json does: quotes escaped as <c>\"</c>, not <c>\u0022</c>.</summary>
public static class JsonText
{
    private static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Write(JsonNode node) => node.ToJsonString(Options);
}
