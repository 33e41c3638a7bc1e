using k8s;
using k8s.Models;
using LocalKube.Faults;
using LocalKube.Hosting;
using static LocalKube.Tests.LocalKubeFixture;

namespace LocalKube.Tests.Api;

/// <summary>Per-request RBAC attributes in the stats: what a permission check of each request would have to allow.</summary>
public sealed class RequestKindStatsTests(LocalKubeFixture fixture) : IClassFixture<LocalKubeFixture>
{
    [Fact]
    public async Task Each_request_is_counted_by_verb_group_resource_subresource_and_user_agent()
    {
        const string agent = "request-kind-probe/1.0";
        using var client = new Kubernetes(
            KubernetesClientConfiguration.BuildConfigFromConfigFile(fixture.Server.KubeconfigPath, currentContext: KubeconfigFile.AdminContext),
            new UserAgentHandler(agent));
        var ns = await fixture.NewNamespaceAsync();

        await client.CoreV1.ReadNamespaceAsync(ns);
        await client.CoreV1.ReadNamespaceAsync(ns);
        await client.CoordinationV1.CreateNamespacedLeaseAsync(
            new V1Lease { Metadata = new V1ObjectMeta { Name = "probe" }, Spec = new V1LeaseSpec { HolderIdentity = "me", LeaseDurationSeconds = 15 } }, ns);
        await client.CustomObjects.CreateNamespacedCustomObjectAsync(Subscription("probe"), CrdGroup, CrdVersion, ns, CrdPlural);
        await client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(
            new V1Patch("""{"status":{"observedGeneration":1}}""", V1Patch.PatchType.MergePatch), CrdGroup, CrdVersion, ns, CrdPlural, "probe");
        await client.CustomObjects.ListNamespacedCustomObjectAsync(CrdGroup, CrdVersion, ns, CrdPlural);

        var mine = fixture.Server.Stats.RequestKinds()
            .Where(p => p.Key.UserAgent.Contains(agent, StringComparison.Ordinal))
            .ToDictionary(p => p.Key with { UserAgent = "" }, p => p.Value);
        var expected = new Dictionary<ApiRequestKind, long>
        {
            [new("get", "", "namespaces", "", "")] = 2,
            [new("create", "coordination.k8s.io", "leases", "", "")] = 1,
            [new("create", CrdGroup, CrdPlural, "", "")] = 1,
            [new("patch", CrdGroup, CrdPlural, "status", "")] = 1,
            [new("list", CrdGroup, CrdPlural, "", "")] = 1,
        };
        Assert.Equal(expected.OrderBy(p => p.Key.ToString()), mine.OrderBy(p => p.Key.ToString()));

        // The administrator client of the fixture sent the namespace create, under its own User-Agent.
        Assert.Contains(fixture.Server.Stats.RequestKinds().Keys, k => k is { Verb: "create", Resource: "namespaces" } && !k.UserAgent.Contains(agent, StringComparison.Ordinal));
    }

    private sealed class UserAgentHandler(string agent) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.UserAgent.Clear();
            request.Headers.UserAgent.ParseAdd(agent);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
