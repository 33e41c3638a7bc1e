using System.Text.Json.Nodes;

namespace LocalKube.Patching;

/// <summary>
/// The subset of strategic merge patch that kubectl needs for the built-ins served here (namespaces, configmaps,
/// secrets, leases, events): maps merge, null deletes, lists replace, and the <c>$</c> directives that kubectl adds
/// (<c>$setElementOrder</c>, <c>$retainKeys</c>, <c>$deleteFromPrimitiveList</c>, <c>$patch</c>) are honoured or dropped.
/// None of these kinds has a list that merges by key.
/// </summary>
public static class StrategicMergePatch
{
    public static JsonNode? Apply(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
        {
            return patch?.DeepClone();
        }

        if (patchObject["$patch"]?.GetValue<string>() == "replace")
        {
            var replaced = (JsonObject)patchObject.DeepClone();
            replaced.Remove("$patch");
            return replaced;
        }

        if (patchObject["$patch"]?.GetValue<string>() == "delete")
        {
            return null;
        }

        var result = target as JsonObject is { } t ? (JsonObject)t.DeepClone() : [];
        if (patchObject["$retainKeys"] is JsonArray retain)
        {
            var keep = retain.Select(k => k!.GetValue<string>()).ToHashSet();
            foreach (var key in result.Select(p => p.Key).Where(k => !keep.Contains(k)).ToList())
            {
                result.Remove(key);
            }
        }

        foreach (var (key, value) in patchObject)
        {
            if (key.StartsWith("$setElementOrder/", StringComparison.Ordinal) || key is "$retainKeys" or "$patch")
            {
                continue;
            }

            if (key.StartsWith("$deleteFromPrimitiveList/", StringComparison.Ordinal))
            {
                var field = key["$deleteFromPrimitiveList/".Length..];
                if (result[field] is JsonArray list && value is JsonArray remove)
                {
                    foreach (var item in list.Where(i => remove.Any(r => JsonNode.DeepEquals(r, i))).ToList())
                    {
                        list.Remove(item);
                    }
                }

                continue;
            }

            if (value is null)
            {
                result.Remove(key);
                continue;
            }

            var merged = Apply(result[key], value);
            if (merged is null)
            {
                result.Remove(key);
            }
            else
            {
                result[key] = merged;
            }
        }

        return result;
    }
}
