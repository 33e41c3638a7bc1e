using CrossAccountStreams.Operator.Runtime.Controllers;
using CrossAccountStreams.Operator.Runtime.Informers;
using CrossAccountStreams.Operator.Runtime.LeaderElection;

namespace CrossAccountStreams.Operator.Runtime;

/// <summary>How the host runs its controllers.</summary>
public sealed record ControllerHostSettings(int Workers, TimeSpan ShutdownTimeout);

/// <summary>
/// Runs the informers on every replica (so a follower's caches are warm when it takes over), waits for them to
/// sync, then runs the controllers' workers: always, or only while this replica holds the Lease when leader
/// election is on. Graceful stop: the queues stop handing out keys, reconciles in flight get up to the shutdown
/// timeout to finish before they are cancelled, then the Lease is released and the informers stop.
/// </summary>
public sealed partial class ControllerHost(
    IEnumerable<IInformer> informers,
    IEnumerable<IController> controllers,
    ControllerHostSettings settings,
    LeadershipStatus leadership,
    ILogger<ControllerHost> logger,
    TimeProvider time,
    LeaderElectionRunner? election = null)
    : IHostedService, IDisposable
{
    private readonly IReadOnlyList<IInformer> informerList = [.. informers];
    private readonly IReadOnlyList<IController> controllerList = [.. controllers];
    private readonly CancellationTokenSource informersStop = new();
    private readonly CancellationTokenSource electionStop = new();
    private readonly CancellationTokenSource workersStop = new();
    private Task informersRun = Task.CompletedTask;
    private Task mainRun = Task.CompletedTask;

    /// <summary>True once every informer has listed its kind.</summary>
    public bool CachesSynced => informerList.All(i => i.HasSynced);

    /// <summary>False once the informers or the controller loop died; the process should then be restarted.</summary>
    public bool Healthy => !mainRun.IsFaulted && !informersRun.IsFaulted;

    public IReadOnlyList<IInformer> Informers => informerList;

    public LeadershipStatus Leadership => leadership;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        informersRun = Task.WhenAll(informerList.Select(i => Task.Run(() => i.RunAsync(informersStop.Token), CancellationToken.None)));
        mainRun = Task.Run(RunAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var controller in controllerList)
        {
            controller.Queue.ShutDown();
        }

        var drained = Task.WhenAll(controllerList.Select(c => c.Queue.WhenDrained));
        try
        {
            await drained.WaitAsync(settings.ShutdownTimeout, time, cancellationToken);
            LogDrained(logger);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
            LogDrainTimedOut(logger, settings.ShutdownTimeout);
        }

        await workersStop.CancelAsync();
        await electionStop.CancelAsync();
        await mainRun.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (election is not null)
        {
            await election.ReleaseAsync(cancellationToken);
        }

        await informersStop.CancelAsync();
        await informersRun.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    public void Dispose()
    {
        informersStop.Dispose();
        electionStop.Dispose();
        workersStop.Dispose();
    }

    private async Task RunAsync()
    {
        try
        {
            await Task.WhenAll(informerList.Select(i => i.WaitForSyncAsync(electionStop.Token)));
            LogSynced(logger, string.Join(", ", informerList.Select(i => i.Description)));
            if (election is null)
            {
                await RunControllersAsync(CancellationToken.None);
            }
            else
            {
                await election.RunAsync(RunControllersAsync, electionStop.Token);
            }
        }
        catch (OperationCanceledException) when (electionStop.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            LogFailed(logger, ex);
            throw;
        }
    }

    private async Task RunControllersAsync(CancellationToken termToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(termToken, workersStop.Token);
        await Task.WhenAll(controllerList.Select(c => c.RunAsync(settings.Workers, linked.Token)));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Caches synced: {Informers}")]
    private static partial void LogSynced(ILogger logger, string informers);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reconciles in flight finished; stopping")]
    private static partial void LogDrained(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reconciles still running after {Timeout}; cancelling them")]
    private static partial void LogDrainTimedOut(ILogger logger, TimeSpan timeout);

    [LoggerMessage(Level = LogLevel.Critical, Message = "The controller host failed")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
