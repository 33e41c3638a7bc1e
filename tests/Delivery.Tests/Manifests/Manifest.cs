using System.Text.Json.Nodes;

namespace CrossAccountStreams.Delivery.Tests.Manifests;

/// <summary>A set of rendered Kubernetes objects, looked up by kind and name.</summary>
public sealed class Manifest(IReadOnlyList<JsonObject> objects)
{
    public IReadOnlyList<JsonObject> Objects { get; } = objects;

    public IEnumerable<JsonObject> OfKind(string kind) => Objects.Where(o => Kind(o) == kind);

    public JsonObject Single(string kind) => Assert.Single(OfKind(kind));

    public JsonObject Single(string kind, string name) =>
        Assert.Single(OfKind(kind), o => Name(o) == name);

    public bool Has(string kind) => OfKind(kind).Any();

    public JsonObject OperatorContainer() =>
        (JsonObject)Single("Deployment")["spec"]!["template"]!["spec"]!["containers"]!.AsArray().Single(c => (string?)c!["name"] == "operator")!;

    public JsonObject PodSpec() => (JsonObject)Single("Deployment")["spec"]!["template"]!["spec"]!;

    /// <summary>The container args as flag/value pairs; flags without a value are not used by the operator.</summary>
    public IReadOnlyDictionary<string, string> Args()
    {
        var args = OperatorContainer()["args"]!.AsArray().Select(a => (string)a!).ToList();
        Assert.True(args.Count % 2 == 0, $"args must be --flag value pairs: {string.Join(' ', args)}");
        var result = new Dictionary<string, string>();
        for (var i = 0; i < args.Count; i += 2)
        {
            Assert.StartsWith("--", args[i]);
            Assert.False(result.ContainsKey(args[i]), $"{args[i]} is given twice");
            result[args[i]] = args[i + 1];
        }

        return result;
    }

    public static string Kind(JsonObject o) => (string?)o["kind"] ?? "";

    public static string Name(JsonObject o) => (string?)o["metadata"]?["name"] ?? "";

    public static string? Namespace(JsonObject o) => (string?)o["metadata"]?["namespace"];
}
