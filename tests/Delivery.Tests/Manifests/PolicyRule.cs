using System.Text.Json.Nodes;

namespace CrossAccountStreams.Delivery.Tests.Manifests;

/// <summary>One RBAC permission: a verb on a resource of an API group. Rules are compared as sets of these.</summary>
public sealed record PolicyRule(string ApiGroup, string Resource, string Verb)
{
    public override string ToString() => $"{(ApiGroup == "" ? "core" : ApiGroup)}/{Resource}:{Verb}";

    public static IReadOnlySet<PolicyRule> Expand(JsonObject role)
    {
        var result = new HashSet<PolicyRule>();
        foreach (var rule in role["rules"]!.AsArray().Select(r => (JsonObject)r!))
        {
            Assert.Null(rule["resourceNames"]);
            Assert.Null(rule["nonResourceURLs"]);
            foreach (var group in Strings(rule, "apiGroups"))
            {
                foreach (var resource in Strings(rule, "resources"))
                {
                    foreach (var verb in Strings(rule, "verbs"))
                    {
                        result.Add(new PolicyRule(group, resource, verb));
                    }
                }
            }
        }

        return result;
    }

    public static IReadOnlySet<PolicyRule> Parse(params string[] rules) =>
        rules.SelectMany(r =>
        {
            // "group/resource: verb verb"
            var (target, verbs) = (r[..r.IndexOf(':', StringComparison.Ordinal)], r[(r.IndexOf(':', StringComparison.Ordinal) + 1)..]);
            var slash = target.IndexOf('/', StringComparison.Ordinal);
            var group = target[..slash] == "core" ? "" : target[..slash];
            var resource = target[(slash + 1)..];
            return verbs.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(v => new PolicyRule(group, resource, v));
        }).ToHashSet();

    private static IEnumerable<string> Strings(JsonObject rule, string field) =>
        rule[field]?.AsArray().Select(v => (string)v!) ?? [];
}
