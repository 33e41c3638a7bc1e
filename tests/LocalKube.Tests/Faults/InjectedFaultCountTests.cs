using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using LocalKube.Faults;
using static LocalKube.Tests.LocalKubeFixture;

namespace LocalKube.Tests.Faults;

/// <summary>The fault injector says how many faults it injected, so a fault run can report what it survived.</summary>
public sealed class InjectedFaultCountTests : IAsyncLifetime
{
    private readonly LocalKubeFixture fixture = new();

    public Task InitializeAsync() => fixture.InitializeAsync();

    public Task DisposeAsync() => fixture.DisposeAsync();

    [Fact]
    public async Task Conflicts_errors_delays_drops_and_compactions_are_counted_as_they_happen()
    {
        var ns = await fixture.NewNamespaceAsync();
        var objects = fixture.Client.CustomObjects;
        await objects.CreateNamespacedCustomObjectAsync(Subscription("counted"), CrdGroup, CrdVersion, ns, CrdPlural);
        var patch = new V1Patch("""{"metadata":{"labels":{"x":"y"}}}""", V1Patch.PatchType.MergePatch);
        var faults = fixture.Server.Faults;
        Assert.Equal(new InjectedApiServerFaults(0, 0, 0, 0, 0), faults.Injected);

        faults.InjectConflict("patch", CrdPlural, count: 2);
        for (var i = 0; i < 2; i++)
        {
            var conflict = await Assert.ThrowsAsync<HttpOperationException>(() => objects.PatchNamespacedCustomObjectAsync(patch, CrdGroup, CrdVersion, ns, CrdPlural, "counted"));
            Assert.Equal(HttpStatusCode.Conflict, conflict.Response.StatusCode);
        }

        await objects.PatchNamespacedCustomObjectAsync(patch, CrdGroup, CrdVersion, ns, CrdPlural, "counted");
        faults.InjectError("get", CrdPlural, count: 1);
        await Assert.ThrowsAsync<HttpOperationException>(() => objects.GetNamespacedCustomObjectAsync(CrdGroup, CrdVersion, ns, CrdPlural, "counted"));
        faults.InjectLatency("get", CrdPlural, TimeSpan.FromMilliseconds(10), count: 1);
        await objects.GetNamespacedCustomObjectAsync(CrdGroup, CrdVersion, ns, CrdPlural, "counted");
        faults.DropWatches();
        faults.CompactHistory();
        faults.DropWatches();

        Assert.Equal(new InjectedApiServerFaults(Conflicts: 2, Errors: 1, Delays: 1, WatchDrops: 2, Compactions: 1), faults.Injected);
    }
}
