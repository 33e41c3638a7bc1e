using System.Collections.Concurrent;
using System.Text.Json;
using CrossAccountStreams.Entities;
using CrossAccountStreams.Entities.V1Alpha1;
using k8s;

namespace CrossAccountStreams.Bench.Measurement;

/// <summary>
/// Watches every StreamSubscription and notes when each first reports Ready=True for its current generation. One
/// watch request (re-opened from the last resourceVersion if the server closes it), so the bench adds almost nothing
/// to the API server's load.
/// </summary>
public sealed class ReadinessWatch(IKubernetes client, TimeProvider time) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, long> readyAt = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource stop = new();
    private Task? running;
    private int watchRequests;

    public int ReadyCount => readyAt.Count;

    /// <summary>How many watch requests the bench itself sent (to leave out of the operator's API server requests).</summary>
    public int WatchRequests => Volatile.Read(ref watchRequests);

    public long? ReadyTimestamp(string key) => readyAt.TryGetValue(key, out var at) ? at : null;

    public void Start() => running = RunAsync(stop.Token);

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        string? resourceVersion = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                Interlocked.Increment(ref watchRequests);
                var events = client.CustomObjects.WatchListCustomObjectForAllNamespacesAsync(
                    ApiGroup.Name, ApiGroup.Version, V1Alpha1StreamSubscription.Plural, resourceVersion: resourceVersion,
                    timeoutSeconds: 3600, cancellationToken: cancellationToken);
                await foreach (var (_, item) in events.WithCancellation(cancellationToken))
                {
                    var subscription = item is JsonElement element
                        ? KubernetesJson.Deserialize<V1Alpha1StreamSubscription>(element)
                        : KubernetesJson.Deserialize<V1Alpha1StreamSubscription>(KubernetesJson.Serialize(item));
                    resourceVersion = subscription.Metadata.ResourceVersion ?? resourceVersion;
                    var ready = subscription.Status?.Conditions?.FirstOrDefault(c => c.Type == ConditionTypes.Ready);
                    if (ready?.Status == "True" && subscription.Status?.ObservedGeneration == subscription.Metadata.Generation)
                    {
                        readyAt.TryAdd($"{subscription.Metadata.NamespaceProperty}/{subscription.Metadata.Name}", time.GetTimestamp());
                    }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException or k8s.Autorest.HttpOperationException or JsonException)
            {
                // Closed or failed: open it again from where it was.
                await Task.Delay(TimeSpan.FromMilliseconds(200), time, cancellationToken);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        if (running is not null)
        {
            try
            {
                await running;
            }
            catch (OperationCanceledException)
            {
                // Stopped.
            }
        }

        stop.Dispose();
    }
}
