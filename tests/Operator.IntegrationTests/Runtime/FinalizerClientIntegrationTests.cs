using CrossAccountStreams.Entities;
using CrossAccountStreams.Entities.V1Alpha1;
using CrossAccountStreams.Operator.Kubernetes;
using Microsoft.Extensions.Logging.Abstractions;

namespace CrossAccountStreams.Operator.IntegrationTests.Runtime;

public sealed class FinalizerClientIntegrationTests(LocalKubeCluster cluster) : IClassFixture<LocalKubeCluster>
{
    private const string Foreign = "backup.example.com/protect";

    private FinalizerClient<V1Alpha1StreamSubscription> Client() =>
        new(cluster.SubscriptionClient(), NullLogger<FinalizerClient<V1Alpha1StreamSubscription>>.Instance);

    [Fact]
    public async Task Adding_our_finalizer_to_a_stale_copy_keeps_a_finalizer_another_controller_added_meanwhile()
    {
        var ns = await cluster.NewNamespaceAsync("finalizer");
        var stale = await cluster.CreateSubscriptionAsync(ns, "orders");
        await cluster.PatchSubscriptionAsync(ns, "orders", $$$"""{"metadata":{"finalizers":["{{{Foreign}}}"]}}""");

        var updated = await Client().AddFinalizerAsync(stale, ApiGroup.Finalizer, CancellationToken.None);

        Assert.Equal([Foreign, ApiGroup.Finalizer], updated.Metadata.Finalizers);
        Assert.Equal([Foreign, ApiGroup.Finalizer], (await cluster.GetSubscriptionAsync(ns, "orders")).Metadata.Finalizers);
    }

    [Fact]
    public async Task Adding_twice_is_a_no_op()
    {
        var ns = await cluster.NewNamespaceAsync("finalizer");
        var created = await cluster.CreateSubscriptionAsync(ns, "orders");

        var once = await Client().AddFinalizerAsync(created, ApiGroup.Finalizer, CancellationToken.None);
        var twice = await Client().AddFinalizerAsync(once, ApiGroup.Finalizer, CancellationToken.None);

        Assert.Equal([ApiGroup.Finalizer], twice.Metadata.Finalizers);
        Assert.Equal(once.Metadata.ResourceVersion, twice.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task Removing_ours_from_a_stale_copy_leaves_the_other_controllers_finalizer_and_the_object()
    {
        var ns = await cluster.NewNamespaceAsync("finalizer");
        var created = await cluster.CreateSubscriptionAsync(ns, "orders");
        var ours = await Client().AddFinalizerAsync(created, ApiGroup.Finalizer, CancellationToken.None);

        // Another controller puts its finalizer in front of ours, so ours moves to index 1.
        await cluster.PatchSubscriptionAsync(ns, "orders", $$$"""{"metadata":{"finalizers":["{{{Foreign}}}","{{{ApiGroup.Finalizer}}}"]}}""");
        await cluster.DeleteSubscriptionAsync(ns, "orders");

        var remaining = await Client().RemoveFinalizerAsync(ours, ApiGroup.Finalizer, CancellationToken.None);

        Assert.NotNull(remaining);
        var stored = await cluster.GetSubscriptionAsync(ns, "orders");
        Assert.Equal([Foreign], stored.Metadata.Finalizers);
        Assert.NotNull(stored.Metadata.DeletionTimestamp);
    }

    [Fact]
    public async Task Removing_the_last_finalizer_of_a_deleted_object_lets_it_go()
    {
        var ns = await cluster.NewNamespaceAsync("finalizer");
        var created = await cluster.CreateSubscriptionAsync(ns, "orders");
        var ours = await Client().AddFinalizerAsync(created, ApiGroup.Finalizer, CancellationToken.None);
        await cluster.DeleteSubscriptionAsync(ns, "orders");

        var result = await Client().RemoveFinalizerAsync(ours, ApiGroup.Finalizer, CancellationToken.None);

        Assert.Null(result);
        Assert.Null(await cluster.SubscriptionClient().GetAsync(new(ns, "orders"), CancellationToken.None));
    }
}
