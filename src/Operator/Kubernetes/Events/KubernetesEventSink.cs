using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace CrossAccountStreams.Operator.Kubernetes.Events;

/// <summary>core/v1 Events through the API server (what <c>kubectl describe</c> reads).</summary>
public sealed class KubernetesEventSink(IKubernetes client) : IEventSink
{
    public Task CreateAsync(Corev1Event kubeEvent, CancellationToken cancellationToken) =>
        client.CoreV1.CreateNamespacedEventAsync(kubeEvent, kubeEvent.Metadata.NamespaceProperty, cancellationToken: cancellationToken);

    public async Task<bool> IncrementAsync(string ns, string name, int count, DateTime lastTimestamp, CancellationToken cancellationToken)
    {
        var patch = new JsonObject { ["count"] = count, ["lastTimestamp"] = lastTimestamp.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture) };
        try
        {
            await client.CoreV1.PatchNamespacedEventAsync(new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch), name, ns, cancellationToken: cancellationToken);
            return true;
        }
        catch (Exception ex) when (ApiErrors.IsNotFound(ex))
        {
            return false;
        }
    }
}
