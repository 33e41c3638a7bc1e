using System.Text.Json.Nodes;
using LocalKube.Schema;
using LocalKube.Tables;

namespace LocalKube.Resources;

/// <summary>
/// One served resource in one group version: its names, scope, behaviour switches, schema and printer columns.
/// Several versions of a resource share a <see cref="StorageKey"/> and so one set of stored objects.
/// </summary>
public sealed record ResourceType
{
    public required string Group { get; init; }

    public required string Version { get; init; }

    public required string Kind { get; init; }

    public required string Plural { get; init; }

    public required string Singular { get; init; }

    public required bool Namespaced { get; init; }

    public IReadOnlyList<string> ShortNames { get; init; } = [];

    public IReadOnlyList<string> Categories { get; init; } = [];

    /// <summary>Whether a <c>/status</c> subresource exists: then the main resource ignores status and vice versa.</summary>
    public bool HasStatus { get; init; }

    /// <summary>Whether <c>metadata.generation</c> is maintained (custom resources always; most built-ins here do not).</summary>
    public bool TracksGeneration { get; init; }

    public bool IsCustom { get; init; }

    /// <summary>Whether PUT without <c>metadata.resourceVersion</c> is accepted (built-ins yes, custom resources no).</summary>
    public bool AllowUnconditionalUpdate { get; init; } = true;

    /// <summary>The structural schema (openAPIV3Schema) of a custom resource version; null for built-ins.</summary>
    public JsonObject? Schema { get; init; }

    public IReadOnlyList<TableColumn> Columns { get; init; } = [];

    /// <summary>Field selector labels and the object path each reads.</summary>
    public IReadOnlyDictionary<string, string[]> SelectableFields { get; init; } = DefaultSelectableFields;

    /// <summary>Converts between this version's wire form and the stored form; null when they are the same.</summary>
    public IObjectConversion? Conversion { get; init; }

    /// <summary>Number of CEL <c>x-kubernetes-validations</c> rules in the schema.</summary>
    public int CelRuleCount { get; init; }

    /// <summary>The schema's compiled CEL rules, evaluated on every write; null when it has none.</summary>
    public ValidationRuleSet? ValidationRules { get; init; }

    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    public string ListKind => Kind + "List";

    /// <summary>Where objects are kept; versions and groups that share it see the same objects.</summary>
    public string StorageKey
    {
        get => _storageKey ?? $"{Group}/{Plural}";
        init => _storageKey = value;
    }

    private readonly string? _storageKey;

    public static IReadOnlyDictionary<string, string[]> DefaultSelectableFields { get; } = new Dictionary<string, string[]>
    {
        ["metadata.name"] = ["metadata", "name"],
        ["metadata.namespace"] = ["metadata", "namespace"],
    };
}

/// <summary>Translates objects of one API version to and from the form they are stored in.</summary>
public interface IObjectConversion
{
    JsonObject ToStorage(JsonObject wire);

    JsonObject FromStorage(JsonObject stored);

    /// <summary>Maps a field selector label of this version to the stored label.</summary>
    string StorageFieldLabel(string label);
}
