using System.Text.Json.Nodes;

namespace LocalKube.Storage;

/// <summary>
/// One change in the store: the object after it (for DELETED, its last state) and before it. Held as JSON text so
/// that any number of watches can read it concurrently.
/// </summary>
public sealed record StoredEvent(long ResourceVersion, string StorageKey, string? Namespace, string Type, string ObjectJson, string? PreviousJson)
{
    public JsonObject Object() => (JsonObject)JsonNode.Parse(ObjectJson)!;

    public JsonObject? Previous() => PreviousJson is null ? null : (JsonObject)JsonNode.Parse(PreviousJson)!;
}
