using System.Net;
using CrossAccountStreams.Operator.Hosting;
using CrossAccountStreams.Operator.IntegrationTests.Runtime;
using CrossAccountStreams.Operator.Reconciliation;

namespace CrossAccountStreams.Operator.IntegrationTests.Host;

public sealed class ReconcilerWiringTests(LocalKubeCluster cluster) : IClassFixture<LocalKubeCluster>
{
    [Fact]
    public async Task The_host_starts_with_the_real_reconcilers_wired_as_the_program_wires_them()
    {
        var ports = new[] { OperatorHostHarness.FreePort(), OperatorHostHarness.FreePort() };
        await using var app = OperatorHost.Build(
            new Dictionary<string, string?>
            {
                ["Operator:Kubeconfig"] = cluster.Server.KubeconfigPath,
                ["Operator:MetricsPort"] = ports[0].ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Operator:HealthPort"] = ports[1].ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Operator:ListenAddress"] = "127.0.0.1",
                ["Operator:LogLevel"] = "Warning",
                ["Operator:ClusterName"] = "wiring-test",
            },
            (services, configuration) => services.AddStreamSubscriptionReconciliation(configuration));
        await app.StartAsync();
        using var http = new HttpClient();

        await LocalKubeCluster.EventuallyAsync(
            async () => (await http.GetAsync(new Uri($"http://127.0.0.1:{ports[1]}/readyz"))).StatusCode == HttpStatusCode.OK,
            TimeSpan.FromSeconds(20), "the host with the real reconcilers becomes ready");
        await app.StopAsync();
    }
}
