using CrossAccountStreams.Delivery.Tests.Manifests;

namespace CrossAccountStreams.Delivery.Tests.Chart;

/// <summary>One watched namespace, two replicas, ServiceMonitor and NetworkPolicy on (see <see cref="ChartValues.NonDefault"/>).</summary>
public sealed class NonDefaultValuesTests
{
    private static Task<Manifest> Render() => ChartRenderer.RenderAsync(ChartValues.NonDefault);

    [Fact]
    public async Task Watching_one_namespace_grants_subscription_access_there_only()
    {
        var manifest = await Render();

        var role = manifest.Single("Role", "stream-subscription-operator");
        Assert.Equal("team-a", Manifest.Namespace(role));
        Assert.Equal(OperatorPermissions.Namespaced, PolicyRule.Expand(role));

        var clusterRole = manifest.Single("ClusterRole");
        Assert.Equal(OperatorPermissions.ClusterScoped, PolicyRule.Expand(clusterRole));

        var binding = manifest.Single("RoleBinding", "stream-subscription-operator");
        Assert.Equal("team-a", Manifest.Namespace(binding));
        Assert.Equal("Role", (string?)binding["roleRef"]!["kind"]);
        var subject = Assert.Single(binding["subjects"]!.AsArray())!;
        Assert.Equal(ChartRenderer.ReleaseNamespace, (string?)subject["namespace"]);

        var leader = manifest.Single("Role", "stream-subscription-operator-leader-election");
        Assert.Equal(ChartRenderer.ReleaseNamespace, Manifest.Namespace(leader));
        Assert.Equal(OperatorPermissions.LeaderElection, PolicyRule.Expand(leader));
    }

    [Fact]
    public async Task Every_value_reaches_the_operator_flags()
    {
        var manifest = await Render();

        Assert.Equal(
            new Dictionary<string, string>
            {
                ["--namespace"] = "team-a",
                ["--concurrency"] = "8",
                ["--resync"] = "5m",
                ["--leader-elect"] = "true",
                ["--metrics-port"] = "9090",
                ["--health-port"] = "9091",
                ["--log-level"] = "Debug",
                ["--log-format"] = "text",
                ["--cluster-name"] = "prod-eu",
            },
            manifest.Args());
        var env = DeploymentAssertions.Env(manifest);
        Assert.Equal("eu-west-1", (string?)env["AWS_REGION"]["value"]);
        Assert.Equal("https://sts.eu-west-1.amazonaws.com", (string?)env["AWS_ENDPOINT_URL_STS"]["value"]);
        DeploymentAssertions.HasDownwardApiAndRegionalSts(manifest);
    }

    [Fact]
    public async Task Two_replicas_elect_a_leader_and_are_protected_by_a_disruption_budget()
    {
        var manifest = await Render();
        var deployment = manifest.Single("Deployment");

        Assert.Equal(2, (long)deployment["spec"]!["replicas"]!);
        Assert.Equal("true", manifest.Args()["--leader-elect"]);
        Assert.Equal("RollingUpdate", (string?)deployment["spec"]!["strategy"]!["type"]);

        var pdb = manifest.Single("PodDisruptionBudget");
        Assert.Equal(1, (long)pdb["spec"]!["minAvailable"]!);
        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(
            deployment["spec"]!["selector"]!["matchLabels"], pdb["spec"]!["selector"]!["matchLabels"]));
    }

    [Fact]
    public async Task The_ServiceMonitor_scrapes_the_metrics_service()
    {
        var manifest = await Render();

        var monitor = manifest.Single("ServiceMonitor");
        Assert.Equal("monitoring.coreos.com/v1", (string?)monitor["apiVersion"]);
        Assert.Equal("prometheus", (string?)monitor["metadata"]!["labels"]!["release"]);
        var endpoint = Assert.Single(monitor["spec"]!["endpoints"]!.AsArray())!;
        Assert.Equal("metrics", (string?)endpoint["port"]);
        Assert.Equal("/metrics", (string?)endpoint["path"]);

        var serviceLabels = manifest.Single("Service")["metadata"]!["labels"]!.AsObject();
        foreach (var (key, value) in monitor["spec"]!["selector"]!["matchLabels"]!.AsObject())
        {
            Assert.Equal((string?)value, (string?)serviceLabels[key]);
        }
    }

    [Fact]
    public async Task The_NetworkPolicy_lets_in_only_metrics_and_out_only_dns_api_server_and_https()
    {
        var manifest = await Render();

        var policy = manifest.Single("NetworkPolicy");
        Assert.Equal(["Ingress", "Egress"], policy["spec"]!["policyTypes"]!.AsArray().Select(t => (string)t!));
        var ingress = Assert.Single(policy["spec"]!["ingress"]!.AsArray())!;
        Assert.Equal("metrics", (string?)Assert.Single(ingress["ports"]!.AsArray())!["port"]);
        Assert.Equal("monitoring", (string?)Assert.Single(ingress["from"]!.AsArray())!["namespaceSelector"]!["matchLabels"]!["kubernetes.io/metadata.name"]);

        var egressPorts = policy["spec"]!["egress"]!.AsArray()
            .SelectMany(rule => rule!["ports"]!.AsArray())
            .Select(p => $"{(string?)p!["protocol"]}/{(long)p["port"]!}")
            .ToHashSet();
        Assert.Equal(new HashSet<string> { "UDP/53", "TCP/53", "TCP/443", "TCP/6443" }, egressPorts);
    }

    [Fact]
    public async Task The_service_account_carries_the_IRSA_role()
    {
        var manifest = await Render();

        Assert.Equal(
            "arn:aws:iam::111111111111:role/stream-subscription-operator",
            (string?)manifest.Single("ServiceAccount")["metadata"]!["annotations"]!["eks.amazonaws.com/role-arn"]);
    }

    [Fact]
    public async Task Security_context_probes_and_ports_hold_with_non_default_values()
    {
        var manifest = await Render();

        DeploymentAssertions.RunsLockedDown(manifest);
        DeploymentAssertions.ProbesAndPortsMatchFlags(manifest);
    }

    [Theory]
    [InlineData(1, "auto", "false", false)]
    [InlineData(2, "auto", "true", true)]
    [InlineData(1, "true", "true", false)]
    [InlineData(3, "true", "true", true)]
    [InlineData(1, "false", "false", false)]
    public async Task Leader_election_follows_the_replica_count_unless_forced(int replicas, string setting, string expectedFlag, bool expectPdb)
    {
        var manifest = await ChartRenderer.RenderAsync($"replicas: {replicas}\nleaderElection:\n  enabled: {setting}\n");

        Assert.Equal(expectedFlag, manifest.Args()["--leader-elect"]);
        Assert.Equal(expectPdb, manifest.Has("PodDisruptionBudget"));
    }
}
