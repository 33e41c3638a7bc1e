using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using LocalKube.Resources;

namespace LocalKube.Api;

/// <summary>
/// OpenAPI v3 discovery: an index of group versions and one document per group version. Every kind's PATCH
/// operation declares the <c>fieldValidation</c> query parameter, which is how kubectl's default
/// <c>--validate=strict</c> learns that the server validates fields itself.
/// </summary>
public static class OpenApiDocuments
{
    private const string PatchRef = "#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.Patch";

    public static JsonObject Index(ResourceRegistry registry)
    {
        var paths = new JsonObject();
        foreach (var (group, version) in registry.All.Select(t => (t.Group, t.Version)).Distinct())
        {
            var key = group.Length == 0 ? $"api/{version}" : $"apis/{group}/{version}";
            var document = Document(registry, group, version)!;
            paths[key] = new JsonObject { ["serverRelativeURL"] = $"/openapi/v3/{key}?hash={Hash(document)}" };
        }

        return new JsonObject { ["paths"] = paths };
    }

    public static JsonObject? Document(ResourceRegistry registry, string group, string version)
    {
        var types = registry.All.Where(t => t.Group == group && t.Version == version).ToList();
        if (types.Count == 0)
        {
            return null;
        }

        var paths = new JsonObject();
        var schemas = new JsonObject
        {
            ["io.k8s.apimachinery.pkg.apis.meta.v1.Patch"] = new JsonObject
            {
                ["type"] = "object",
                ["description"] = "Patch is provided to give a concrete name and type to the Kubernetes PATCH request body.",
            },
        };
        foreach (var type in types)
        {
            var definition = DefinitionName(type);
            schemas[definition] = Schema(type);
            var prefix = (group.Length == 0 ? $"/api/{version}" : $"/apis/{group}/{version}")
                + (type.Namespaced ? "/namespaces/{namespace}/" : "/") + type.Plural;
            paths[prefix] = new JsonObject
            {
                ["get"] = Operation(type, "list", definition),
                ["post"] = Operation(type, "post", definition),
            };
            paths[prefix + "/{name}"] = new JsonObject
            {
                ["get"] = Operation(type, "get", definition),
                ["put"] = Operation(type, "put", definition),
                ["patch"] = PatchOperation(type, definition),
                ["delete"] = Operation(type, "delete", definition),
            };
            if (type.HasStatus)
            {
                paths[prefix + "/{name}/status"] = new JsonObject
                {
                    ["get"] = Operation(type, "get", definition),
                    ["put"] = Operation(type, "put", definition),
                    ["patch"] = PatchOperation(type, definition),
                };
            }
        }

        return new JsonObject
        {
            ["openapi"] = "3.0.0",
            ["info"] = new JsonObject { ["title"] = "Kubernetes", ["version"] = "v1.35.0-localkube" },
            ["paths"] = paths,
            ["components"] = new JsonObject { ["schemas"] = schemas },
        };
    }

    public static string Hash(JsonObject document) =>
        Convert.ToHexString(SHA512.HashData(Encoding.UTF8.GetBytes(document.ToJsonString())));

    private static string DefinitionName(ResourceType type)
    {
        var group = type.Group.Length == 0 ? "io.k8s.api.core" : string.Join('.', type.Group.Split('.').Reverse());
        return $"{group}.{type.Version}.{type.Kind}";
    }

    private static JsonObject Gvk(ResourceType type) => new() { ["group"] = type.Group, ["version"] = type.Version, ["kind"] = type.Kind };

    private static JsonObject Schema(ResourceType type)
    {
        var schema = type.Schema is { } s ? (JsonObject)s.DeepClone() : new JsonObject { ["type"] = "object", ["x-kubernetes-preserve-unknown-fields"] = true };
        schema["x-kubernetes-group-version-kind"] = new JsonArray(Gvk(type));
        return schema;
    }

    private static JsonObject Operation(ResourceType type, string action, string definition)
    {
        var operation = new JsonObject
        {
            ["operationId"] = action + type.Kind,
            ["parameters"] = Parameters(action is "post" or "put" ? ["dryRun", "fieldManager", "fieldValidation"] : []),
            ["responses"] = Responses(definition),
            ["x-kubernetes-action"] = action,
            ["x-kubernetes-group-version-kind"] = Gvk(type),
        };
        if (action is "post" or "put")
        {
            operation["requestBody"] = new JsonObject
            {
                ["content"] = new JsonObject { ["*/*"] = new JsonObject { ["schema"] = Ref(definition) } },
                ["required"] = true,
            };
        }

        return operation;
    }

    private static JsonObject PatchOperation(ResourceType type, string definition)
    {
        // Strategic merge is never advertised: for custom resources it does not exist, and for built-ins kubectl
        // then computes its patch from its own compiled-in types.
        var content = new JsonObject();
        foreach (var mediaType in new[] { "application/json-patch+json", "application/merge-patch+json", "application/apply-patch+yaml" })
        {
            content[mediaType] = new JsonObject { ["schema"] = new JsonObject { ["$ref"] = PatchRef } };
        }

        return new JsonObject
        {
            ["operationId"] = "patch" + type.Kind,
            ["parameters"] = Parameters(["dryRun", "fieldManager", "fieldValidation", "force"]),
            ["requestBody"] = new JsonObject { ["content"] = content, ["required"] = true },
            ["responses"] = Responses(definition),
            ["x-kubernetes-action"] = "patch",
            ["x-kubernetes-group-version-kind"] = Gvk(type),
        };
    }

    private static JsonArray Parameters(IEnumerable<string> names) =>
        new([.. names.Select(n => (JsonNode)new JsonObject
        {
            ["name"] = n,
            ["in"] = "query",
            ["schema"] = new JsonObject { ["type"] = n == "force" ? "boolean" : "string", ["uniqueItems"] = true },
        })]);

    private static JsonObject Responses(string definition) => new()
    {
        ["200"] = new JsonObject
        {
            ["description"] = "OK",
            ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = Ref(definition) } },
        },
    };

    private static JsonObject Ref(string definition) => new() { ["$ref"] = $"#/components/schemas/{definition}" };
}
