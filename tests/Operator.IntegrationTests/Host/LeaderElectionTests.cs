using System.Diagnostics;
using CrossAccountStreams.Operator.IntegrationTests.Runtime;
using CrossAccountStreams.Operator.Runtime;
using k8s;

namespace CrossAccountStreams.Operator.IntegrationTests.Host;

public sealed class LeaderElectionTests(LocalKubeCluster cluster) : IClassFixture<LocalKubeCluster>
{
    private static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private Dictionary<string, string?> Replica(string identity, string leaseNamespace) => new()
    {
        ["Operator:LeaderElect"] = "true",
        ["Operator:LeaderElection:Identity"] = identity,
        ["Operator:LeaderElection:LeaseNamespace"] = leaseNamespace,
        ["Operator:LeaderElection:LeaseDuration"] = "3s",
        ["Operator:LeaderElection:RenewDeadline"] = "2s",
        ["Operator:LeaderElection:RetryPeriod"] = "500ms",
    };

    [Fact]
    public async Task Only_the_leader_reconciles_and_the_follower_takes_over_within_the_lease_duration_when_it_stops()
    {
        var leases = await cluster.NewNamespaceAsync("leases");
        await using var first = await OperatorHostHarness.StartAsync(cluster.Server.KubeconfigPath, Replica("replica-a", leases));
        await LocalKubeCluster.EventuallyAsync(async () => (await first.ReadinessAsync()).Contains("[+]leader election leading", StringComparison.Ordinal), Patience, "the first replica leads");
        await using var second = await OperatorHostHarness.StartAsync(cluster.Server.KubeconfigPath, Replica("replica-b", leases));
        await second.WaitUntilReadyAsync(Patience);
        await LocalKubeCluster.EventuallyAsync(
            async () => (await second.ReadinessAsync()).Contains("[+]leader election following (leader: replica-a)", StringComparison.Ordinal),
            Patience, "the second replica is ready as a follower");

        var ns = await cluster.NewNamespaceAsync("work");
        await cluster.CreateSubscriptionAsync(ns, "orders");
        var key = new ObjectKey(ns, "orders");
        await LocalKubeCluster.EventuallyAsync(() => first.Subscriptions.Count(key) == 1, Patience, "the leader reconciles");

        // The follower's cache is warm and its queue holds the key, but it must not act while it follows.
        await cluster.CreateSubscriptionAsync(ns, "payments");
        await LocalKubeCluster.EventuallyAsync(() => first.Subscriptions.Count(new ObjectKey(ns, "payments")) == 1, Patience, "the leader reconciles again");
        Assert.Empty(second.Subscriptions.Keys);

        var stopped = Stopwatch.StartNew();
        await first.StopAsync();
        await LocalKubeCluster.EventuallyAsync(() => second.Subscriptions.Count(key) >= 1, Patience, "the follower takes over and reconciles");
        Assert.True(stopped.Elapsed < LeaseDuration, $"took over after {stopped.Elapsed}, more than the lease duration {LeaseDuration}");
        Assert.Contains("[+]leader election leading", await second.ReadinessAsync(), StringComparison.Ordinal);
        Assert.Equal(2, first.Subscriptions.Keys.Count);
    }

    [Fact]
    public async Task A_replica_that_loses_the_lease_cancels_the_reconcile_in_flight()
    {
        var leases = await cluster.NewNamespaceAsync("leases");
        await using var replica = await OperatorHostHarness.StartAsync(cluster.Server.KubeconfigPath, Replica("replica-a", leases));
        await LocalKubeCluster.EventuallyAsync(async () => (await replica.ReadinessAsync()).Contains("[+]leader election leading", StringComparison.Ordinal), Patience, "the replica leads");
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        replica.Subscriptions.Behaviour = async (_, ct) =>
        {
            started.TrySetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException)
            {
                cancelled.TrySetResult();
                throw;
            }
        };
        var ns = await cluster.NewNamespaceAsync("work");
        await cluster.CreateSubscriptionAsync(ns, "slow");
        await started.Task.WaitAsync(Patience);

        // Another holder takes the Lease over, as after a network partition; the replica can no longer renew.
        var stolen = Stopwatch.StartNew();
        await LocalKubeCluster.EventuallyAsync(() => StealLeaseAsync(leases), Patience, "the lease is taken over");

        await cancelled.Task.WaitAsync(Patience);
        Assert.True(stolen.Elapsed < TimeSpan.FromSeconds(4), $"the reconcile was cancelled {stolen.Elapsed} after the lease was lost");
    }

    [Fact]
    public async Task When_the_leader_process_dies_without_releasing_the_lease_the_follower_takes_over_once_it_expires()
    {
        var leases = await cluster.NewNamespaceAsync("leases");
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(typeof(Hosting.OperatorHost).Assembly.Location);
        foreach (var arg in new[]
        {
            // Its real reconcilers get an empty namespace to watch: this test is about the lease only.
            "--kubeconfig", cluster.Server.KubeconfigPath, "--namespace", leases, "--leader-elect", "true", "--log-format", "json", "--log-level", "Warning",
            "--metrics-port", OperatorHostHarness.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--health-port", OperatorHostHarness.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
        })
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in Replica("replica-process", leases))
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        using var leader = Process.Start(start)!;
        leader.OutputDataReceived += (_, _) => { };
        leader.ErrorDataReceived += (_, _) => { };
        leader.BeginOutputReadLine();
        leader.BeginErrorReadLine();
        try
        {
            await LocalKubeCluster.EventuallyAsync(async () => await HolderAsync(leases) == "replica-process", Patience, "the operator process leads");
            await using var follower = await OperatorHostHarness.StartAsync(cluster.Server.KubeconfigPath, Replica("replica-b", leases));
            await LocalKubeCluster.EventuallyAsync(
                async () => (await follower.ReadinessAsync()).Contains("following (leader: replica-process)", StringComparison.Ordinal),
                Patience, "the in-process replica follows");

            var killed = Stopwatch.StartNew();
            leader.Kill(entireProcessTree: true);
            await LocalKubeCluster.EventuallyAsync(
                async () => (await follower.ReadinessAsync()).Contains("[+]leader election leading", StringComparison.Ordinal),
                Patience, "the follower takes over the expired lease");

            // The lease runs out LeaseDuration after the follower last saw it renewed; one retry period more to notice.
            Assert.True(killed.Elapsed < LeaseDuration + TimeSpan.FromSeconds(2), $"took over {killed.Elapsed} after the leader died");
            Assert.Equal("replica-b", await HolderAsync(leases));
        }
        finally
        {
            if (!leader.HasExited)
            {
                leader.Kill(entireProcessTree: true);
            }

            await leader.WaitForExitAsync();
        }
    }

    private async Task<string?> HolderAsync(string leaseNamespace)
    {
        try
        {
            var lease = await cluster.Client.CoordinationV1.ReadNamespacedLeaseAsync("stream-subscription-operator", leaseNamespace);
            return lease.Spec?.HolderIdentity;
        }
        catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    private async Task<bool> StealLeaseAsync(string leaseNamespace)
    {
        var lease = await cluster.Client.CoordinationV1.ReadNamespacedLeaseAsync("stream-subscription-operator", leaseNamespace);
        lease.Spec.HolderIdentity = "intruder";
        lease.Spec.LeaseDurationSeconds = 60;
        lease.Spec.RenewTime = DateTime.UtcNow;
        try
        {
            await cluster.Client.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, "stream-subscription-operator", leaseNamespace);
            return true;
        }
        catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.Conflict)
        {
            return false;
        }
    }
}
