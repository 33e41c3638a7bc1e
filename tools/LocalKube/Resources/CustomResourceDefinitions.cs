using System.Text.Json;
using System.Text.Json.Nodes;
using LocalKube.Api;
using LocalKube.Json;
using LocalKube.Schema;
using LocalKube.Tables;

namespace LocalKube.Resources;

/// <summary>Reads a CustomResourceDefinition object into the resource types it serves, and writes its status.</summary>
public static class CustomResourceDefinitions
{
    public static IReadOnlyList<ResourceType> ToResourceTypes(JsonObject crd)
    {
        var errors = Validate(crd);
        if (errors.Count > 0)
        {
            throw ApiException.Invalid("apiextensions.k8s.io", "CustomResourceDefinition", Name(crd), errors);
        }

        var spec = (JsonObject)crd["spec"]!;
        var names = (JsonObject)spec["names"]!;
        var group = spec["group"]!.GetValue<string>();
        var kind = names["kind"]!.GetValue<string>();
        var plural = names["plural"]!.GetValue<string>();
        var types = new List<ResourceType>();
        var ruleErrors = new List<FieldError>();
        var versions = (JsonArray)spec["versions"]!;
        for (var index = 0; index < versions.Count; index++)
        {
            if (versions[index] is not JsonObject version)
            {
                continue;
            }

            var schema = (version["schema"]?["openAPIV3Schema"] as JsonObject)?.DeepClone().AsObject();
            ValidationRuleSet? rules = null;
            if (schema is not null)
            {
                (rules, var compileErrors) = ValidationRuleSet.Compile(schema, $"spec.versions[{index}].schema.openAPIV3Schema");
                ruleErrors.AddRange(compileErrors);
            }

            if (version["served"]?.GetValue<bool>() == false)
            {
                continue;
            }

            types.Add(new ResourceType
            {
                Group = group,
                Version = version["name"]!.GetValue<string>(),
                Kind = kind,
                Plural = plural,
                Singular = names["singular"]?.GetValue<string>() ?? kind.ToLowerInvariant(),
                Namespaced = spec["scope"]?.GetValue<string>() != "Cluster",
                ShortNames = Strings(names["shortNames"]),
                Categories = Strings(names["categories"]),
                HasStatus = version["subresources"]?["status"] is not null,
                TracksGeneration = true,
                IsCustom = true,
                AllowUnconditionalUpdate = false,
                Schema = schema,
                Columns = Columns(version["additionalPrinterColumns"] as JsonArray),
                CelRuleCount = schema is null ? 0 : CountCelRules(schema),
                ValidationRules = rules is { Count: > 0 } ? rules : null,
            });
        }

        if (ruleErrors.Count > 0)
        {
            throw ApiException.Invalid("apiextensions.k8s.io", "CustomResourceDefinition", Name(crd), ruleErrors);
        }

        return types;
    }

    /// <summary>The status kube-apiserver reports once a CRD's names are accepted and it is served.</summary>
    public static JsonObject AcceptedStatus(JsonObject crd, string now)
    {
        var spec = (JsonObject)crd["spec"]!;
        var names = (JsonObject)spec["names"]!.DeepClone();
        names["singular"] ??= names["kind"]!.GetValue<string>().ToLowerInvariant();
        names["listKind"] ??= names["kind"]!.GetValue<string>() + "List";
        return new JsonObject
        {
            ["acceptedNames"] = names,
            ["conditions"] = new JsonArray
            {
                Condition("NamesAccepted", "NoConflicts", "no conflicts found", now),
                Condition("Established", "InitialNamesAccepted", "the initial names have been accepted", now),
            },
            ["storedVersions"] = new JsonArray(((JsonArray)spec["versions"]!).OfType<JsonObject>()
                .Where(v => v["storage"]?.GetValue<bool>() == true)
                .Select(v => (JsonNode?)JsonValue.Create(v["name"]!.GetValue<string>()))
                .ToArray()),
        };
    }

    private static JsonObject Condition(string type, string reason, string message, string now) => new()
    {
        ["type"] = type,
        ["status"] = "True",
        ["lastTransitionTime"] = now,
        ["reason"] = reason,
        ["message"] = message,
    };

    private static List<FieldError> Validate(JsonObject crd)
    {
        var errors = new List<FieldError>();
        if (crd["spec"] is not JsonObject spec)
        {
            errors.Add(FieldError.Required("spec"));
            return errors;
        }

        var group = Text(spec, "group");
        if (group is null)
        {
            errors.Add(FieldError.Required("spec.group"));
        }

        var names = spec["names"] as JsonObject;
        var plural = names is null ? null : Text(names, "plural");
        if (plural is null)
        {
            errors.Add(FieldError.Required("spec.names.plural"));
        }

        if (names is null || Text(names, "kind") is null)
        {
            errors.Add(FieldError.Required("spec.names.kind"));
        }

        var scope = Text(spec, "scope");
        if (scope is not ("Namespaced" or "Cluster"))
        {
            errors.Add(FieldError.NotSupported("spec.scope", spec["scope"], [JsonValue.Create("Cluster"), JsonValue.Create("Namespaced")]));
        }

        if (spec["versions"] is not JsonArray { Count: > 0 } versions)
        {
            errors.Add(FieldError.Required("spec.versions", "must have exactly one version marked as storage version"));
        }
        else if (versions.OfType<JsonObject>().Count(v => v["storage"]?.GetValue<bool>() == true) != 1)
        {
            errors.Add(FieldError.Invalid("spec.versions", null, "must have exactly one version marked as storage version"));
        }

        if (group is not null && plural is not null && Name(crd) != $"{plural}.{group}")
        {
            errors.Add(FieldError.Invalid("metadata.name", crd["metadata"]?["name"]?.DeepClone(), "must be spec.names.plural+\".\"+spec.group"));
        }

        return errors;
    }

    private static string Name(JsonObject crd) => crd["metadata"]?["name"]?.GetValue<string>() ?? "";

    private static string? Text(JsonObject o, string key) =>
        o[key] is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>().Length > 0 ? v.GetValue<string>() : null;

    private static string[] Strings(JsonNode? node) =>
        node is JsonArray a ? [.. a.Select(n => n!.GetValue<string>())] : [];

    private static TableColumn[] Columns(JsonArray? columns) =>
        columns is null
            ? []
            : [.. columns.OfType<JsonObject>().Select(c => TableColumn.FromJsonPath(
                c["name"]!.GetValue<string>(),
                c["type"]?.GetValue<string>() ?? "string",
                c["format"]?.GetValue<string>() ?? "",
                c["description"]?.GetValue<string>() ?? "",
                c["priority"] is { } priority ? (int)JsonNumber.Read(priority) : 0,
                c["jsonPath"]!.GetValue<string>()))];

    private static int CountCelRules(JsonNode node) => node switch
    {
        JsonObject o => ((o["x-kubernetes-validations"] as JsonArray)?.Count ?? 0)
            + o.Where(p => p.Key != "x-kubernetes-validations" && p.Value is not null).Sum(p => CountCelRules(p.Value!)),
        JsonArray a => a.Where(n => n is not null).Sum(n => CountCelRules(n!)),
        _ => 0,
    };
}
