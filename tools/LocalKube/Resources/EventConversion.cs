using System.Text.Json.Nodes;

namespace LocalKube.Resources;

/// <summary>
/// Maps <c>events.k8s.io/v1</c> Events to the <c>core/v1</c> shape they are stored in, as kube-apiserver stores both
/// versions as one internal Event.
/// </summary>
public sealed class EventConversion : IObjectConversion
{
    // events.k8s.io/v1 field → core/v1 field
    private static readonly (string Wire, string Stored)[] Renames =
    [
        ("regarding", "involvedObject"),
        ("note", "message"),
        ("reportingController", "reportingComponent"),
        ("deprecatedSource", "source"),
        ("deprecatedFirstTimestamp", "firstTimestamp"),
        ("deprecatedLastTimestamp", "lastTimestamp"),
        ("deprecatedCount", "count"),
    ];

    public JsonObject ToStorage(JsonObject wire) => Rename(wire, r => r.Wire, r => r.Stored, "v1");

    public JsonObject FromStorage(JsonObject stored) => Rename(stored, r => r.Stored, r => r.Wire, "events.k8s.io/v1");

    public string StorageFieldLabel(string label)
    {
        foreach (var (wire, stored) in Renames)
        {
            if (label == wire || label.StartsWith(wire + ".", StringComparison.Ordinal))
            {
                return stored + label[wire.Length..];
            }
        }

        return label;
    }

    private static JsonObject Rename(JsonObject source, Func<(string Wire, string Stored), string> from, Func<(string Wire, string Stored), string> to, string apiVersion)
    {
        var result = (JsonObject)source.DeepClone();
        foreach (var rename in Renames)
        {
            if (result.Remove(from(rename), out var value))
            {
                result[to(rename)] = value;
            }
        }

        result["apiVersion"] = apiVersion;
        return result;
    }
}
