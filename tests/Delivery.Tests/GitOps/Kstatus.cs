using System.Text.Json.Nodes;

namespace CrossAccountStreams.Delivery.Tests.GitOps;

public enum KstatusStatus
{
    InProgress,
    Failed,
    Current,
    Terminating,
}

public sealed record KstatusResult(KstatusStatus Status, string Message);

/// <summary>
/// kstatus' <c>Compute</c> for a custom resource (sigs.k8s.io/cli-utils pkg/kstatus/status: generic.go, status.go),
/// which Flux's Kustomization health checks use: deletion, then observedGeneration, then the first Reconciling=True or
/// Stalled=True condition in list order; otherwise Current. It does not read Ready: a resource that is not Ready must
/// say so with Reconciling or Stalled, or Flux calls it Current.
/// </summary>
public static class Kstatus
{
    public static KstatusResult Compute(JsonObject resource)
    {
        if (!string.IsNullOrEmpty((string?)resource["metadata"]?["deletionTimestamp"]))
        {
            return new(KstatusStatus.Terminating, "Resource scheduled for deletion");
        }

        var generation = Integer(resource["metadata"]?["generation"]);
        var observed = Integer(resource["status"]?["observedGeneration"]);
        if (generation is not null && observed is not null && generation != observed)
        {
            var kind = (string?)resource["kind"];
            return new(KstatusStatus.InProgress, $"{kind} generation is {generation}, but latest observed generation is {observed}");
        }

        foreach (var condition in resource["status"]?["conditions"]?.AsArray() ?? [])
        {
            var type = (string?)condition?["type"];
            var isTrue = (string?)condition?["status"] == "True";
            if (type == "Reconciling" && isTrue)
            {
                return new(KstatusStatus.InProgress, (string?)condition!["message"] ?? "");
            }

            if (type == "Stalled" && isTrue)
            {
                return new(KstatusStatus.Failed, (string?)condition!["message"] ?? "");
            }
        }

        return new(KstatusStatus.Current, "Resource is current");
    }

    private static long? Integer(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<long>(out var integer) ? integer : null;
}
