using CrossAccountStreams.Entities.V1Alpha1;
using CrossAccountStreams.Operator.Kubernetes;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace CrossAccountStreams.Operator.IntegrationTests.Runtime;

public sealed class StatusWriterIntegrationTests(LocalKubeCluster cluster) : IClassFixture<LocalKubeCluster>
{
    private StatusWriter<V1Alpha1StreamSubscription> Writer() =>
        new(cluster.SubscriptionClient(), NullLogger<StatusWriter<V1Alpha1StreamSubscription>>.Instance);

    private static V1Alpha1StreamSubscription WithReadyStatus(V1Alpha1StreamSubscription read, string reason)
    {
        read.Status = new StreamSubscriptionStatus
        {
            ObservedGeneration = read.Metadata.Generation,
            Conditions = [new V1Condition { Type = "Ready", Status = "True", Reason = reason, Message = "", LastTransitionTime = DateTime.UtcNow }],
        };
        return read;
    }

    [Fact]
    public async Task A_status_write_lands_on_the_status_subresource()
    {
        var ns = await cluster.NewNamespaceAsync("status");
        var created = await cluster.CreateSubscriptionAsync(ns, "orders");

        var written = await Writer().WriteStatusAsync(WithReadyStatus(created, "Synced"), CancellationToken.None);

        Assert.NotNull(written);
        var stored = await cluster.GetSubscriptionAsync(ns, "orders");
        Assert.Equal("Synced", stored.Status.Conditions!.Single().Reason);
        Assert.Equal(1, stored.Status.ObservedGeneration);
    }

    [Fact]
    public async Task A_conflict_from_a_metadata_change_is_retried_on_the_fresh_object()
    {
        var ns = await cluster.NewNamespaceAsync("status");
        var read = await cluster.CreateSubscriptionAsync(ns, "orders");
        await cluster.PatchSubscriptionAsync(ns, "orders", """{"metadata":{"labels":{"team":"payments"}}}""");

        var written = await Writer().WriteStatusAsync(WithReadyStatus(read, "Synced"), CancellationToken.None);

        Assert.NotNull(written);
        var stored = await cluster.GetSubscriptionAsync(ns, "orders");
        Assert.Equal("Synced", stored.Status.Conditions!.Single().Reason);
        Assert.Equal("payments", stored.Metadata.Labels["team"]);
    }

    [Fact]
    public async Task Status_computed_for_an_older_spec_is_dropped_when_the_spec_has_moved_on()
    {
        var ns = await cluster.NewNamespaceAsync("status");
        var read = await cluster.CreateSubscriptionAsync(ns, "orders");
        await cluster.PatchSubscriptionAsync(ns, "orders", """{"spec":{"source":{"tableName":"invoices"}}}""");

        var written = await Writer().WriteStatusAsync(WithReadyStatus(read, "SyncedOldSpec"), CancellationToken.None);

        Assert.Null(written);
        var stored = await cluster.GetSubscriptionAsync(ns, "orders");
        Assert.Equal(2, stored.Metadata.Generation);
        Assert.Null(stored.Status?.Conditions);
    }

    [Fact]
    public async Task Injected_conflicts_are_retried_until_the_write_succeeds()
    {
        var ns = await cluster.NewNamespaceAsync("status");
        var read = await cluster.CreateSubscriptionAsync(ns, "orders");
        cluster.Server.Faults.InjectConflict("update", $"{V1Alpha1StreamSubscription.Plural}/status", count: 2);

        var written = await Writer().WriteStatusAsync(WithReadyStatus(read, "Synced"), CancellationToken.None);

        Assert.NotNull(written);
        Assert.Equal("Synced", (await cluster.GetSubscriptionAsync(ns, "orders")).Status.Conditions!.Single().Reason);
    }

    [Fact]
    public async Task Writing_status_of_a_deleted_object_returns_null()
    {
        var ns = await cluster.NewNamespaceAsync("status");
        var read = await cluster.CreateSubscriptionAsync(ns, "orders");
        await cluster.DeleteSubscriptionAsync(ns, "orders");

        Assert.Null(await Writer().WriteStatusAsync(WithReadyStatus(read, "Synced"), CancellationToken.None));
    }
}
