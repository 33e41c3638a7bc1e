using System.Text.Json.Nodes;
using CrossAccountStreams.Sandbox.Traffic;

namespace CrossAccountStreams.Sandbox.Hosting;

/// <summary>One line per emulated AWS account: what it holds, so the two-account story is visible from the start.</summary>
public static class WorldDescription
{
    /// <param name="snapshot">The emulator's state as JSON (accounts with their roles, tables and functions).</param>
    public static IReadOnlyList<string> Describe(JsonObject snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var lines = new List<string>();
        foreach (var account in (snapshot["accounts"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var id = account["id"]?.ToString() ?? "?";
            var tables = Names(account["tables"], "name", table => table["latestStreamArn"] is null ? "" : " (stream)");
            var functions = Names(account["functions"], "arn", _ => "").Select(DeliveryTally.FunctionName).ToList();
            var roles = Names(account["roles"], "arn", _ => "").Select(arn => arn[(arn.LastIndexOf('/') + 1)..]).ToList();
            var parts = new List<string>();
            if (tables.Count > 0)
            {
                parts.Add($"tables {string.Join(", ", tables)}");
            }

            if (functions.Count > 0)
            {
                parts.Add($"functions {string.Join(", ", functions)}");
            }

            if (roles.Count > 0)
            {
                parts.Add($"roles {string.Join(", ", roles)}");
            }

            lines.Add($"account {id}: {(parts.Count == 0 ? "empty" : string.Join("; ", parts))}");
        }

        return lines;
    }

    private static List<string> Names(JsonNode? list, string property, Func<JsonObject, string> suffix) =>
        [.. (list as JsonArray ?? []).OfType<JsonObject>().Select(item => (item[property]?.ToString() ?? "?") + suffix(item))];
}
