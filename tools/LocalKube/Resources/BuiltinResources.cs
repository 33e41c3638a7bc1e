using System.Text.Json.Nodes;
using LocalKube.Tables;

namespace LocalKube.Resources;

/// <summary>The built-in resources served besides custom resources.</summary>
public static class BuiltinResources
{
    public static ResourceType Namespaces { get; } = new()
    {
        Group = "",
        Version = "v1",
        Kind = "Namespace",
        Plural = "namespaces",
        Singular = "namespace",
        Namespaced = false,
        ShortNames = ["ns"],
        HasStatus = true,
        Columns =
        [
            TableColumn.FromJsonPath("Status", "string", "", "The status of the namespace", 0, ".status.phase"),
            TableColumn.Age,
        ],
        SelectableFields = new Dictionary<string, string[]>
        {
            ["metadata.name"] = ["metadata", "name"],
            ["status.phase"] = ["status", "phase"],
        },
    };

    public static ResourceType ConfigMaps { get; } = new()
    {
        Group = "",
        Version = "v1",
        Kind = "ConfigMap",
        Plural = "configmaps",
        Singular = "configmap",
        Namespaced = true,
        ShortNames = ["cm"],
        Columns = [new TableColumn("Data", "integer", "", "Number of data entries", 0, CountEntries), TableColumn.Age],
    };

    public static ResourceType Secrets { get; } = new()
    {
        Group = "",
        Version = "v1",
        Kind = "Secret",
        Plural = "secrets",
        Singular = "secret",
        Namespaced = true,
        Columns =
        [
            TableColumn.FromJsonPath("Type", "string", "", "The type of the secret", 0, ".type"),
            new TableColumn("Data", "integer", "", "Number of data entries", 0, CountEntries),
            TableColumn.Age,
        ],
        SelectableFields = new Dictionary<string, string[]>
        {
            ["metadata.name"] = ["metadata", "name"],
            ["metadata.namespace"] = ["metadata", "namespace"],
            ["type"] = ["type"],
        },
    };

    public static ResourceType CoreEvents { get; } = new()
    {
        Group = "",
        Version = "v1",
        Kind = "Event",
        Plural = "events",
        Singular = "event",
        Namespaced = true,
        ShortNames = ["ev"],
        Columns =
        [
            TableColumn.FromJsonPath("Last Seen", "date", "", "Time of the last occurrence", 0, ".lastTimestamp"),
            TableColumn.FromJsonPath("Type", "string", "", "Normal or Warning", 0, ".type"),
            TableColumn.FromJsonPath("Reason", "string", "", "Why the event happened", 0, ".reason"),
            new TableColumn("Object", "string", "", "The object the event is about", 0, InvolvedObject),
            TableColumn.FromJsonPath("Message", "string", "", "What happened", 0, ".message"),
        ],
        SelectableFields = EventFields(),
    };

    public static ResourceType Events { get; } = CoreEvents with
    {
        Group = "events.k8s.io",
        StorageKey = CoreEvents.StorageKey,
        Conversion = new EventConversion(),
    };

    public static ResourceType Leases { get; } = new()
    {
        Group = "coordination.k8s.io",
        Version = "v1",
        Kind = "Lease",
        Plural = "leases",
        Singular = "lease",
        Namespaced = true,
        Columns =
        [
            TableColumn.FromJsonPath("Holder", "string", "", "The current holder of the lease", 0, ".spec.holderIdentity"),
            TableColumn.Age,
        ],
    };

    public static ResourceType CustomResourceDefinitions { get; } = new()
    {
        Group = "apiextensions.k8s.io",
        Version = "v1",
        Kind = "CustomResourceDefinition",
        Plural = "customresourcedefinitions",
        Singular = "customresourcedefinition",
        Namespaced = false,
        ShortNames = ["crd", "crds"],
        Categories = ["api-extensions"],
        HasStatus = true,
        TracksGeneration = true,
        Columns = [TableColumn.FromJsonPath("Created At", "string", "date-time", "When the CRD was created", 0, ".metadata.creationTimestamp")],
    };

    public static IReadOnlyList<ResourceType> All { get; } =
        [Namespaces, ConfigMaps, Secrets, CoreEvents, Events, Leases, CustomResourceDefinitions];

    private static JsonNode? CountEntries(JsonObject o) =>
        (o["data"] as JsonObject)?.Count + (o["binaryData"] as JsonObject)?.Count ?? (o["data"] as JsonObject)?.Count ?? 0;

    private static JsonNode? InvolvedObject(JsonObject o) =>
        o["involvedObject"] is JsonObject io ? $"{io["kind"]?.ToString().ToLowerInvariant()}/{io["name"]}" : null;

    private static Dictionary<string, string[]> EventFields()
    {
        var fields = new Dictionary<string, string[]>
        {
            ["metadata.name"] = ["metadata", "name"],
            ["metadata.namespace"] = ["metadata", "namespace"],
            ["reason"] = ["reason"],
            ["type"] = ["type"],
            ["source"] = ["source", "component"],
            ["reportingComponent"] = ["reportingComponent"],
        };
        foreach (var field in new[] { "kind", "namespace", "name", "uid", "apiVersion", "resourceVersion", "fieldPath" })
        {
            fields["involvedObject." + field] = ["involvedObject", field];
        }

        return fields;
    }
}
