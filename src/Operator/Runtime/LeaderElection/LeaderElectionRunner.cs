using k8s;
using k8s.Autorest;
using k8s.LeaderElection;
using k8s.LeaderElection.ResourceLock;

namespace CrossAccountStreams.Operator.Runtime.LeaderElection;

/// <summary>
/// Competes for a <c>coordination.k8s.io/v1</c> Lease with KubernetesClient's <see cref="LeaderElector"/> and runs
/// the given work only while this replica leads. The work's token is cancelled the moment the lease is lost, so
/// reconciles in flight stop at once; afterwards the replica competes again (its caches stay warm meanwhile).
/// </summary>
public sealed partial class LeaderElectionRunner(
    IKubernetes client,
    LeaderElectionSettings settings,
    LeadershipStatus status,
    ILogger<LeaderElectionRunner> logger,
    RuntimeMetrics? metrics = null)
{
    private volatile bool heldLease;

    /// <summary>Runs terms until <paramref name="cancellationToken"/> is cancelled; <paramref name="lead"/> runs once per term.</summary>
    public async Task RunAsync(Func<CancellationToken, Task> lead, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            await RunTermAsync(lead, cancellationToken);
            try
            {
                await Task.Delay(settings.RetryPeriod, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>
    /// Gives the Lease up if this replica holds it, so another replica takes over without waiting for it to expire
    /// (as client-go does with ReleaseOnCancel: empty holder, one-second duration).
    /// </summary>
    public async Task ReleaseAsync(CancellationToken cancellationToken)
    {
        if (!heldLease)
        {
            return;
        }

        try
        {
            var lease = await client.CoordinationV1.ReadNamespacedLeaseAsync(settings.LeaseName, settings.LeaseNamespace, cancellationToken: cancellationToken);
            if (lease.Spec?.HolderIdentity != settings.Identity)
            {
                return;
            }

            lease.Spec.HolderIdentity = "";
            lease.Spec.LeaseDurationSeconds = 1;
            lease.Spec.RenewTime = DateTime.UtcNow;
            await client.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, settings.LeaseName, settings.LeaseNamespace, cancellationToken: cancellationToken);
            heldLease = false;
            LogReleased(logger, settings.LeaseNamespace, settings.LeaseName);
        }
        catch (Exception ex) when (ex is HttpOperationException or HttpRequestException or OperationCanceledException)
        {
            // Not fatal: the Lease simply expires after its duration.
            LogReleaseFailed(logger, ex, settings.LeaseNamespace, settings.LeaseName);
        }
    }

    private async Task RunTermAsync(Func<CancellationToken, Task> lead, CancellationToken cancellationToken)
    {
        var config = new LeaderElectionConfig(new LeaseLock(client, settings.LeaseNamespace, settings.LeaseName, settings.Identity))
        {
            LeaseDuration = settings.LeaseDuration,
            RenewDeadline = settings.RenewDeadline,
            RetryPeriod = settings.RetryPeriod,
        };
        using var elector = new LeaderElector(config);
        using var term = new CancellationTokenSource();
        Task? work = null;
        elector.OnStartedLeading += () =>
        {
            heldLease = true;
            status.SetLeading(true);
            status.SetLeader(settings.Identity);
            metrics?.LeaderTransitions.Add(1, new KeyValuePair<string, object?>("transition", "started"));
            LogStartedLeading(logger, settings.Identity, settings.LeaseNamespace, settings.LeaseName);

            // The elector raises this on its own loop; the work must not block renewals.
            work = Task.Run(() => lead(term.Token), CancellationToken.None);
        };
        elector.OnStoppedLeading += () =>
        {
            // Cancel first: a replica that is no longer sure it leads must stop writing at once.
            term.Cancel();
            if (status.IsLeader)
            {
                status.SetLeading(false);
                metrics?.LeaderTransitions.Add(1, new KeyValuePair<string, object?>("transition", "stopped"));
                LogStoppedLeading(logger, settings.Identity);
            }
        };
        elector.OnNewLeader += leader =>
        {
            status.SetLeader(leader);
            LogNewLeader(logger, leader);
        };
        elector.OnError += ex => LogElectionError(logger, ex);

        try
        {
            await elector.RunUntilLeadershipLostAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            LogElectionError(logger, ex);
        }
        finally
        {
            await term.CancelAsync();
            status.SetLeading(false);
            if (work is not null)
            {
                try
                {
                    await work;
                }
                catch (Exception ex)
                {
                    LogWorkFailed(logger, ex);
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Started leading as {Identity} (Lease {Namespace}/{Name})")]
    private static partial void LogStartedLeading(ILogger logger, string identity, string @namespace, string name);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stopped leading as {Identity}; reconciling stopped")]
    private static partial void LogStoppedLeading(ILogger logger, string identity);

    [LoggerMessage(Level = LogLevel.Information, Message = "Observed leader {Leader}")]
    private static partial void LogNewLeader(ILogger logger, string leader);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Leader election attempt failed")]
    private static partial void LogElectionError(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Work run under leadership failed")]
    private static partial void LogWorkFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Released Lease {Namespace}/{Name}")]
    private static partial void LogReleased(ILogger logger, string @namespace, string name);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not release Lease {Namespace}/{Name}; it expires on its own")]
    private static partial void LogReleaseFailed(ILogger logger, Exception exception, string @namespace, string name);
}
