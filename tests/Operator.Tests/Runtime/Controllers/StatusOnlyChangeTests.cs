using CrossAccountStreams.Entities.V1Alpha1;
using CrossAccountStreams.Operator.Runtime;
using CrossAccountStreams.Operator.Runtime.Controllers;
using CrossAccountStreams.Operator.Runtime.Queue;
using k8s;
using k8s.Models;

namespace CrossAccountStreams.Operator.Tests.Runtime.Controllers;

public sealed class StatusOnlyChangeTests
{
    private static V1Alpha1StreamSubscription Subscription() => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = "orders", NamespaceProperty = "team-a", Generation = 3, ResourceVersion = "10",
            Finalizers = ["streams.crossaccount.io/cleanup"], Labels = new Dictionary<string, string> { ["app"] = "orders" },
        },
        Status = new StreamSubscriptionStatus { ObservedGeneration = 2 },
    };

    private static V1Alpha1StreamSubscription Changed(Action<V1Alpha1StreamSubscription> change)
    {
        var next = KubernetesJson.Deserialize<V1Alpha1StreamSubscription>(KubernetesJson.Serialize(Subscription()));
        next.Metadata.ResourceVersion = "11";
        change(next);
        return next;
    }

    public static TheoryData<string, Func<V1Alpha1StreamSubscription>, bool> Cases => new()
    {
        { "a status write", () => Changed(s => s.Status.ObservedGeneration = 3), true },
        { "a spec change (new generation)", () => Changed(s => s.Metadata.Generation = 4), false },
        { "deletion requested", () => Changed(s => s.Metadata.DeletionTimestamp = DateTime.UnixEpoch), false },
        { "a finalizer removed by someone else", () => Changed(s => s.Metadata.Finalizers = []), false },
        { "an annotation added (e.g. adopt-mapping)", () => Changed(s => s.Metadata.Annotations = new Dictionary<string, string> { ["streams.crossaccount.io/adopt-mapping"] = "u" }), false },
        { "a label changed", () => Changed(s => s.Metadata.Labels!["app"] = "billing"), false },
        { "a resync (the same object twice)", () => Subscription(), false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Only_updates_that_changed_nothing_but_status_are_status_only(string situation, Func<V1Alpha1StreamSubscription> current, bool statusOnly)
    {
        Assert.True(statusOnly == StatusOnlyChange.Between(Subscription(), current()), situation);
    }

    [Fact]
    public async Task The_controller_s_own_status_write_does_not_queue_the_object_again_but_a_resync_does()
    {
        using var queue = new WorkQueue("test", new ExponentialBackoffRateLimiter(TimeSpan.FromMilliseconds(5), TimeSpan.FromMinutes(5), jitter: 0), TimeProvider.System);
        var handler = new EnqueueObjectHandler<V1Alpha1StreamSubscription>(queue);

        handler.OnUpdate(Subscription(), Changed(s => s.Status.ObservedGeneration = 3));
        Assert.Equal(0, queue.Length);

        handler.OnUpdate(Subscription(), Subscription());
        Assert.Equal(1, queue.Length);
        Assert.Equal(new ObjectKey("team-a", "orders"), await queue.GetAsync(CancellationToken.None));
    }
}
