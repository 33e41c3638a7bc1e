using System.Text;
using System.Text.Json.Nodes;
using LocalKube.Resources;

namespace LocalKube.Api;

/// <summary>The defaulting kube-apiserver applies to the built-ins served here.</summary>
public static class BuiltinDefaults
{
    public static void Apply(ResourceType type, JsonObject obj)
    {
        if (type != BuiltinResources.Secrets)
        {
            return;
        }

        if (string.IsNullOrEmpty(obj["type"]?.GetValue<string>()))
        {
            obj["type"] = "Opaque";
        }
        if (obj["stringData"] is JsonObject stringData)
        {
            // stringData is write-only: its entries are merged into data, base64-encoded.
            var data = obj["data"] as JsonObject ?? [];
            foreach (var (key, value) in stringData)
            {
                data[key] = Convert.ToBase64String(Encoding.UTF8.GetBytes(value?.GetValue<string>() ?? ""));
            }

            obj["data"] = data;
            obj.Remove("stringData");
        }
    }
}
