using CrossAccountStreams.Delivery.Tests.Manifests;
using CrossAccountStreams.TestSupport;

namespace CrossAccountStreams.Delivery.Tests.Chart;

public sealed class DefaultValuesTests
{
    private static Task<Manifest> Render() => ChartRenderer.RenderAsync();

    [Fact]
    public async Task A_default_install_renders_only_what_the_operator_needs()
    {
        var manifest = await Render();

        var objects = manifest.Objects.Select(o => $"{Manifest.Kind(o)}/{Manifest.Name(o)}").Order();
        Assert.Equal(
            [
                "ClusterRole/stream-subscription-operator",
                "ClusterRoleBinding/stream-subscription-operator",
                "Deployment/stream-subscription-operator",
                "Role/stream-subscription-operator-leader-election",
                "RoleBinding/stream-subscription-operator-leader-election",
                "Service/stream-subscription-operator-metrics",
                "ServiceAccount/stream-subscription-operator",
            ],
            objects);
        Assert.All(
            manifest.Objects.Where(o => Manifest.Kind(o) is not ("ClusterRole" or "ClusterRoleBinding")),
            o => Assert.Equal(ChartRenderer.ReleaseNamespace, Manifest.Namespace(o)));
    }

    [Fact]
    public async Task Watching_all_namespaces_grants_exactly_the_operator_calls_in_one_ClusterRole()
    {
        var manifest = await Render();

        var clusterRole = manifest.Single("ClusterRole");
        Assert.Equal(OperatorPermissions.AllNamespaces, PolicyRule.Expand(clusterRole));
        Assert.Equal(OperatorPermissions.LeaderElection, PolicyRule.Expand(manifest.Single("Role")));
        Assert.DoesNotContain("*", manifest.OfKind("ClusterRole").Concat(manifest.OfKind("Role")).SelectMany(PolicyRule.Expand)
            .SelectMany(r => new[] { r.ApiGroup, r.Resource, r.Verb }));
    }

    [Fact]
    public async Task Bindings_grant_the_roles_to_the_operator_service_account()
    {
        var manifest = await Render();
        var serviceAccount = Manifest.Name(manifest.Single("ServiceAccount"));
        Assert.Equal(serviceAccount, (string?)manifest.PodSpec()["serviceAccountName"]);

        foreach (var (bindingKind, roleKind) in new[] { ("ClusterRoleBinding", "ClusterRole"), ("RoleBinding", "Role") })
        {
            var binding = manifest.Single(bindingKind);
            Assert.Equal(roleKind, (string?)binding["roleRef"]!["kind"]);
            Assert.Equal(Manifest.Name(manifest.Single(roleKind)), (string?)binding["roleRef"]!["name"]);
            var subject = Assert.Single(binding["subjects"]!.AsArray())!;
            Assert.Equal("ServiceAccount", (string?)subject["kind"]);
            Assert.Equal(serviceAccount, (string?)subject["name"]);
            Assert.Equal(ChartRenderer.ReleaseNamespace, (string?)subject["namespace"]);
        }
    }

    [Fact]
    public async Task The_operator_runs_non_root_read_only_without_capabilities()
    {
        DeploymentAssertions.RunsLockedDown(await Render());
    }

    [Fact]
    public async Task Probes_and_metrics_service_use_the_ports_the_operator_listens_on()
    {
        DeploymentAssertions.ProbesAndPortsMatchFlags(await Render());
    }

    [Fact]
    public async Task Default_args_are_the_operator_defaults_with_leader_election_off_for_one_replica()
    {
        var manifest = await Render();

        Assert.Equal(
            new Dictionary<string, string>
            {
                ["--concurrency"] = "4",
                ["--resync"] = "10m",
                ["--leader-elect"] = "false",
                ["--metrics-port"] = "8080",
                ["--health-port"] = "8081",
                ["--log-level"] = "Information",
                ["--log-format"] = "json",
            },
            manifest.Args());
        Assert.Equal(1, (long)manifest.Single("Deployment")["spec"]!["replicas"]!);
        // Without leader election a rolling update would briefly run two active operators.
        Assert.Equal("Recreate", (string?)manifest.Single("Deployment")["spec"]!["strategy"]!["type"]);
    }

    [Fact]
    public async Task The_image_defaults_to_the_chart_appVersion_and_the_pod_gets_its_identity_by_downward_api()
    {
        var manifest = await Render();
        var chart = YamlDocuments.Parse(await File.ReadAllTextAsync(RepoPaths.Combine("charts", "stream-subscription-operator", "Chart.yaml")))[0];

        Assert.Equal("v2", (string?)chart["apiVersion"]);
        Assert.Equal("0.1.0", (string?)chart["appVersion"]);
        Assert.Equal("ghcr.io/crossaccount/stream-subscription-operator:0.1.0", (string?)manifest.OperatorContainer()["image"]);
        Assert.Null(manifest.OperatorContainer()["command"]);
        DeploymentAssertions.HasDownwardApiAndRegionalSts(manifest);
        Assert.DoesNotContain("AWS_REGION", DeploymentAssertions.Env(manifest).Keys);
    }

    [Fact]
    public async Task Optional_objects_stay_off_by_default()
    {
        var manifest = await Render();

        Assert.False(manifest.Has("PodDisruptionBudget"));
        Assert.False(manifest.Has("ServiceMonitor"));
        Assert.False(manifest.Has("NetworkPolicy"));
    }
}
