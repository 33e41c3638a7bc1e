using System.Text.Json.Nodes;

namespace LocalKube.Schema;

/// <summary>Applies the <c>default</c> values of a structural schema to absent fields, depth first.</summary>
public static class SchemaDefaulter
{
    public static void Apply(JsonNode? node, JsonObject? schema)
    {
        if (schema is null)
        {
            return;
        }

        switch (node)
        {
            case JsonObject o:
                if (schema["properties"] is JsonObject properties)
                {
                    foreach (var (key, value) in properties)
                    {
                        if (value is JsonObject propertySchema && propertySchema.TryGetPropertyValue("default", out var defaultValue)
                            && (!o.TryGetPropertyValue(key, out var current) || (current is null && propertySchema["nullable"]?.GetValue<bool>() != true)))
                        {
                            o[key] = defaultValue?.DeepClone();
                        }
                    }

                    foreach (var (key, value) in properties)
                    {
                        if (o.TryGetPropertyValue(key, out var child))
                        {
                            Apply(child, value as JsonObject);
                        }
                    }
                }
                else if (schema["additionalProperties"] is JsonObject valueSchema)
                {
                    foreach (var (_, child) in o)
                    {
                        Apply(child, valueSchema);
                    }
                }

                break;
            case JsonArray a when schema["items"] is JsonObject items:
                foreach (var element in a)
                {
                    Apply(element, items);
                }

                break;
            default:
                break;
        }
    }
}
