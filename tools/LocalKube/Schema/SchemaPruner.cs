using System.Text.Json.Nodes;

namespace LocalKube.Schema;

/// <summary>
/// Drops fields a structural schema does not declare, as kube-apiserver does before storing a custom resource.
/// <c>x-kubernetes-preserve-unknown-fields</c> keeps a subtree; declared properties inside it are still pruned.
/// </summary>
public static class SchemaPruner
{
    /// <summary>Prunes <paramref name="root"/> in place and returns the paths of the fields it removed.</summary>
    public static IReadOnlyList<string> Prune(JsonObject root, JsonObject schema)
    {
        var removed = new List<string>();
        PruneObject(root, schema, "", removed, isRoot: true);
        return removed;
    }

    private static void Prune(JsonNode? node, JsonObject? schema, string path, List<string> removed)
    {
        if (schema is null)
        {
            return;
        }

        switch (node)
        {
            case JsonObject o:
                PruneObject(o, schema, path, removed, isRoot: false);
                break;
            case JsonArray a when schema["items"] is JsonObject items:
                for (var i = 0; i < a.Count; i++)
                {
                    Prune(a[i], items, SchemaPath.Index(path, i), removed);
                }

                break;
            default:
                break;
        }
    }

    private static void PruneObject(JsonObject obj, JsonObject schema, string path, List<string> removed, bool isRoot)
    {
        var properties = schema["properties"] as JsonObject;
        var additional = schema["additionalProperties"];
        var preserve = schema["x-kubernetes-preserve-unknown-fields"]?.GetValue<bool>() == true;
        var embedded = schema["x-kubernetes-embedded-resource"]?.GetValue<bool>() == true;
        foreach (var key in obj.Select(p => p.Key).ToList())
        {
            var childPath = SchemaPath.Child(path, key);
            if ((isRoot || embedded) && key is "apiVersion" or "kind" or "metadata")
            {
                // ObjectMeta is decoded and validated by its own rules, not by the schema.
                continue;
            }

            if (properties?[key] is JsonObject propertySchema)
            {
                if (obj[key] is null && propertySchema["nullable"]?.GetValue<bool>() != true)
                {
                    obj.Remove(key);
                    continue;
                }

                Prune(obj[key], propertySchema, childPath, removed);
            }
            else if (additional is JsonObject valueSchema)
            {
                Prune(obj[key], valueSchema, SchemaPath.Key(path, key), removed);
            }
            else if (preserve || (additional is JsonValue allowed && allowed.GetValue<bool>()))
            {
                continue;
            }
            else
            {
                obj.Remove(key);
                removed.Add(childPath);
            }
        }
    }
}
