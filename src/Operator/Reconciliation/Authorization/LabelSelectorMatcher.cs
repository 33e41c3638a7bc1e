using k8s.Models;

namespace CrossAccountStreams.Operator.Reconciliation.Authorization;

/// <summary>Kubernetes label selector semantics: all matchLabels and all matchExpressions must hold; an empty selector matches everything.</summary>
public static class LabelSelectorMatcher
{
    public static bool Matches(V1LabelSelector selector, IDictionary<string, string>? labels)
    {
        labels ??= new Dictionary<string, string>();
        foreach (var (key, value) in selector.MatchLabels ?? new Dictionary<string, string>())
        {
            if (!labels.TryGetValue(key, out var actual) || actual != value)
            {
                return false;
            }
        }

        foreach (var requirement in selector.MatchExpressions ?? [])
        {
            var present = labels.TryGetValue(requirement.Key, out var actual);
            var values = requirement.Values ?? [];
            var holds = requirement.OperatorProperty switch
            {
                "In" => present && values.Contains(actual!),
                "NotIn" => !present || !values.Contains(actual!),
                "Exists" => present,
                "DoesNotExist" => !present,
                _ => false, // an operator we do not know grants nothing
            };
            if (!holds)
            {
                return false;
            }
        }

        return true;
    }
}
