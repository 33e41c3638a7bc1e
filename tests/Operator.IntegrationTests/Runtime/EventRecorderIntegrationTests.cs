using CrossAccountStreams.Operator.Kubernetes.Events;
using k8s;
using Microsoft.Extensions.Logging.Abstractions;

namespace CrossAccountStreams.Operator.IntegrationTests.Runtime;

public sealed class EventRecorderIntegrationTests(LocalKubeCluster cluster) : IClassFixture<LocalKubeCluster>
{
    [Fact]
    public async Task Repeated_events_become_one_core_v1_Event_with_a_count_that_kubectl_describe_finds()
    {
        var ns = await cluster.NewNamespaceAsync("events");
        var subscription = await cluster.CreateSubscriptionAsync(ns, "orders");
        var recorder = new EventRecorder(
            new KubernetesEventSink(cluster.Client),
            new EventCorrelator(TimeProvider.System, new EventCorrelatorSettings()),
            NullLogger<EventRecorder>.Instance);

        recorder.Normal(subscription, "MappingCreated", "Created event source mapping 1234");
        recorder.Normal(subscription, "MappingCreated", "Created event source mapping 1234");
        recorder.Warning(subscription, "StreamPolicyDenied", "AccessDenied on dynamodb:PutResourcePolicy");
        await recorder.FlushAsync(CancellationToken.None);

        // The query kubectl describe sends.
        var events = await cluster.Client.CoreV1.ListNamespacedEventAsync(
            ns, fieldSelector: $"involvedObject.name=orders,involvedObject.namespace={ns},involvedObject.kind=StreamSubscription,involvedObject.uid={subscription.Metadata.Uid}");
        var created = Assert.Single(events.Items, e => e.Reason == "MappingCreated");
        Assert.Equal(2, created.Count);
        Assert.Equal("Normal", created.Type);
        var warning = Assert.Single(events.Items, e => e.Reason == "StreamPolicyDenied");
        Assert.Equal("Warning", warning.Type);
        Assert.Equal(1, warning.Count);
    }
}
