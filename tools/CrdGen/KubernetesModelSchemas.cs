using System.Text.Json.Nodes;
using k8s.Models;

namespace CrossAccountStreams.CrdGen;

/// <summary>
/// Schemas of the Kubernetes model types an entity may embed. KubernetesClient's model classes carry no validation
/// metadata, so their schemas are written out here, matching what the API server documents for the Go types.
/// </summary>
internal static class KubernetesModelSchemas
{
    // metav1.Condition's own validation markers, so the CRD enforces the same shape the built-in types do.
    private const string ConditionTypePattern =
        "^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])$";

    private const string ConditionReasonPattern = "^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$";

    private static readonly Dictionary<Type, Func<JsonObject>> Schemas = new()
    {
        [typeof(V1ObjectMeta)] = ObjectMeta,
        [typeof(V1Condition)] = Condition,
        [typeof(V1LabelSelector)] = LabelSelector,
        [typeof(V1LabelSelectorRequirement)] = LabelSelectorRequirement,
    };

    public static bool TryGet(Type type, out JsonObject schema)
    {
        if (Schemas.TryGetValue(type, out var create))
        {
            schema = create();
            return true;
        }

        schema = null!;
        return false;
    }

    /// <summary>The API server validates metadata itself; a CRD may only say that it is an object.</summary>
    private static JsonObject ObjectMeta() => new() { ["type"] = "object" };

    private static JsonObject Condition() => new()
    {
        ["description"] = "Condition is one aspect of the current state of the resource.",
        ["type"] = "object",
        ["required"] = new JsonArray("lastTransitionTime", "message", "reason", "status", "type"),
        ["properties"] = new JsonObject
        {
            ["lastTransitionTime"] = new JsonObject
            {
                ["description"] = "When the condition last changed from one status to another.",
                ["type"] = "string",
                ["format"] = "date-time",
            },
            ["message"] = new JsonObject
            {
                ["description"] = "A human-readable message with details about the last transition; may be empty.",
                ["type"] = "string",
                ["maxLength"] = 32768,
            },
            ["observedGeneration"] = new JsonObject
            {
                ["description"] = "The metadata.generation the condition was set for. When it is behind metadata.generation the condition is stale.",
                ["type"] = "integer",
                ["format"] = "int64",
                ["minimum"] = 0,
            },
            ["reason"] = new JsonObject
            {
                ["description"] = "A one-word CamelCase reason for the last transition, stable enough for tools to match on.",
                ["type"] = "string",
                ["minLength"] = 1,
                ["maxLength"] = 1024,
                ["pattern"] = ConditionReasonPattern,
            },
            ["status"] = new JsonObject
            {
                ["description"] = "Status of the condition: True, False or Unknown.",
                ["type"] = "string",
                ["enum"] = new JsonArray("True", "False", "Unknown"),
            },
            ["type"] = new JsonObject
            {
                ["description"] = "Type of the condition, in CamelCase or as example.com/CamelCase.",
                ["type"] = "string",
                ["maxLength"] = 316,
                ["pattern"] = ConditionTypePattern,
            },
        },
    };

    private static JsonObject LabelSelector() => new()
    {
        ["description"] = "A label query over objects. The requirements of matchLabels and matchExpressions are ANDed; an empty selector matches every object.",
        ["type"] = "object",
        ["x-kubernetes-map-type"] = "atomic",
        ["properties"] = new JsonObject
        {
            ["matchExpressions"] = new JsonObject
            {
                ["description"] = "A list of label selector requirements, all of which must hold.",
                ["type"] = "array",
                ["items"] = LabelSelectorRequirement(),
                ["x-kubernetes-list-type"] = "atomic",
            },
            ["matchLabels"] = new JsonObject
            {
                ["description"] = "Labels that must be present with exactly these values.",
                ["type"] = "object",
                ["additionalProperties"] = new JsonObject { ["type"] = "string" },
            },
        },
    };

    private static JsonObject LabelSelectorRequirement() => new()
    {
        ["description"] = "A requirement on one label key.",
        ["type"] = "object",
        ["required"] = new JsonArray("key", "operator"),
        ["properties"] = new JsonObject
        {
            ["key"] = new JsonObject
            {
                ["description"] = "The label key the requirement applies to.",
                ["type"] = "string",
            },
            ["operator"] = new JsonObject
            {
                ["description"] = "How the key relates to the values: In, NotIn, Exists or DoesNotExist.",
                ["type"] = "string",
                ["enum"] = new JsonArray("In", "NotIn", "Exists", "DoesNotExist"),
            },
            ["values"] = new JsonObject
            {
                ["description"] = "The values for In and NotIn (non-empty); must be empty for Exists and DoesNotExist.",
                ["type"] = "array",
                ["items"] = new JsonObject { ["type"] = "string" },
                ["x-kubernetes-list-type"] = "atomic",
            },
        },
    };
}
