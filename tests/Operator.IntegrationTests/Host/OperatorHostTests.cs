using System.Diagnostics.Metrics;
using System.Net;
using CrossAccountStreams.Entities.V1Alpha1;
using CrossAccountStreams.Operator.Hosting;
using CrossAccountStreams.Operator.IntegrationTests.Runtime;
using CrossAccountStreams.Operator.Runtime;
using k8s;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CrossAccountStreams.Operator.IntegrationTests.Host;

public sealed class OperatorHostTests(LocalKubeCluster cluster) : IClassFixture<LocalKubeCluster>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Healthz_answers_at_once_and_readyz_turns_ready_when_the_caches_have_synced()
    {
        cluster.Server.Faults.InjectLatency("list", V1Alpha1StreamSubscription.Plural, TimeSpan.FromSeconds(2));
        await using var host = await OperatorHostHarness.StartAsync(cluster.Server.KubeconfigPath);

        using (var healthz = await host.GetHealthAsync("/healthz"))
        {
            Assert.Equal(HttpStatusCode.OK, healthz.StatusCode);
        }

        using (var notReady = await host.GetHealthAsync("/readyz"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, notReady.StatusCode);
            Assert.Contains("[-]informer streamsubscriptions in all namespaces not synced", await notReady.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        await LocalKubeCluster.EventuallyAsync(
            async () => (await host.GetHealthAsync("/readyz")).StatusCode == HttpStatusCode.OK, Patience, "readyz turns 200 after the caches sync");
        var body = await host.ReadinessAsync();
        Assert.Contains("[+]informer awsaccounts synced", body, StringComparison.Ordinal);
        Assert.Contains("[+]leader election disabled", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_new_subscription_is_reconciled_and_metrics_report_it()
    {
        var ns = await cluster.NewNamespaceAsync("host");
        await using var host = await OperatorHostHarness.StartAsync(cluster.Server.KubeconfigPath, new Dictionary<string, string?> { ["Operator:Namespace"] = ns });
        await host.WaitUntilReadyAsync(Patience);

        await cluster.CreateSubscriptionAsync(ns, "orders");

        await LocalKubeCluster.EventuallyAsync(() => host.Subscriptions.Count(new ObjectKey(ns, "orders")) > 0, Patience, "the subscription is reconciled");
        using var metrics = await host.GetMetricsPortAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
        Assert.StartsWith("text/plain", metrics.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        var text = await metrics.Content.ReadAsStringAsync();
        Assert.Matches("""(?m)^crossaccountstreams_operator_runtime_reconcile_total\{kind="StreamSubscription",result="success"\} [1-9]""", text);
        Assert.Matches("""(?m)^crossaccountstreams_operator_runtime_reconcile_duration_count\{kind="StreamSubscription"\} [1-9]""", text);
        Assert.Matches("""(?m)^crossaccountstreams_operator_runtime_workqueue_depth\{name="streamsubscriptions"\} 0$""", text);
        Assert.Matches("""(?m)^crossaccountstreams_operator_runtime_workqueue_adds\{name="streamsubscriptions"\} [1-9]""", text);
    }

    [Fact]
    public async Task Instruments_the_reconcilers_record_on_the_operator_meter_are_exported_too()
    {
        await using var host = await OperatorHostHarness.StartAsync(cluster.Server.KubeconfigPath);
        var meter = host.Services.GetRequiredService<IMeterFactory>().Create("CrossAccountStreams.Operator");
        meter.CreateCounter<long>("aws.calls").Add(
            3, new("service", "lambda"), new("operation", "CreateEventSourceMapping"), new("outcome", "success"));

        using var metrics = await host.GetMetricsPortAsync("/metrics");
        var text = await metrics.Content.ReadAsStringAsync();

        Assert.Matches("""(?m)^crossaccountstreams_operator_aws_calls\{operation="CreateEventSourceMapping",outcome="success",service="lambda"\} 3$""", text);
    }

    [Fact]
    public async Task Each_port_serves_only_its_own_endpoints()
    {
        await using var host = await OperatorHostHarness.StartAsync(cluster.Server.KubeconfigPath);

        using var metricsOnHealthPort = await host.GetHealthAsync("/metrics");
        using var healthOnMetricsPort = await host.GetMetricsPortAsync("/healthz");

        Assert.Equal(HttpStatusCode.NotFound, metricsOnHealthPort.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, healthOnMetricsPort.StatusCode);
    }

    [Fact]
    public async Task A_changed_AwsAccount_wakes_the_subscriptions_that_name_it()
    {
        await using var host = await OperatorHostHarness.StartAsync(cluster.Server.KubeconfigPath);
        var ns = await cluster.NewNamespaceAsync("trigger");
        await cluster.CreateSubscriptionAsync(ns, "orders");
        var key = new ObjectKey(ns, "orders");
        await LocalKubeCluster.EventuallyAsync(() => host.Subscriptions.Count(key) == 1, Patience, "the first reconcile");

        await cluster.Client.CustomObjects.CreateClusterCustomObjectAsync(
            new V1Alpha1AwsAccount
            {
                Metadata = new() { Name = "prod-data" },
                Spec = new AwsAccountSpec { AccountId = "111122223333", RoleArn = "arn:aws:iam::111122223333:role/stream-operator" },
            },
            Entities.ApiGroup.Name, Entities.ApiGroup.Version, V1Alpha1AwsAccount.Plural);

        await LocalKubeCluster.EventuallyAsync(() => host.Subscriptions.Count(key) >= 2, Patience, "the account change re-queues the subscription");
    }

    [Fact]
    public void Invalid_settings_stop_the_host_from_starting_with_a_message_naming_the_setting()
    {
        var error = Assert.Throws<OptionsValidationException>(() => OperatorHost.Build(new Dictionary<string, string?>
        {
            ["Operator:Concurrency"] = "0",
            ["Operator:Resync"] = "often",
        }));

        Assert.Contains("Operator:Concurrency must be between 1 and 64 (got 0).", error.Failures);
        Assert.Contains("Operator:Resync must be a duration such as 90s, 10m, 1h or 00:10:00 (got 'often').", error.Failures);
    }
}
