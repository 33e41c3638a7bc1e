using System.Diagnostics;
using CrossAccountStreams.Reliability.Tests.Operator;
using LocalAws;
using LocalKube;

namespace CrossAccountStreams.Reliability.Tests.Chaos;

/// <summary>A kill that landed right after LocalAws answered CreateEventSourceMapping, and the mappings it left unrecorded.</summary>
public sealed record CrashAfterCreate(int ProcessId, IReadOnlyList<string> UnrecordedMappings);

/// <summary>
/// Keeps the operator process under fire while a phase of the scenario runs: <c>kill -9</c> and a fresh process at
/// seeded random moments, watch drops and history compactions (410 Gone) from LocalKube, and, when armed, a kill the
/// instant LocalAws has answered a successful CreateEventSourceMapping, before the operator can write status.
/// </summary>
public sealed class OperatorChaos : IDisposable
{
    /// <summary>A request of a killed process can still be answered while LocalAws sleeps out its latency; a younger process did not send it.</summary>
    private static readonly TimeSpan MinimumAgeForCrashAfterCreate = TimeSpan.FromSeconds(2);

    private readonly Func<OperatorChild> start;
    private readonly LocalAwsServer aws;
    private readonly LocalKubeServer kube;
    private readonly Random random;
    private readonly Action<string> say;
    private readonly List<CrashAfterCreate> crashes = [];
    private volatile OperatorChild? current;
    private int armed;
    private volatile TaskCompletionSource<int> crashed = NewSignal();

    public OperatorChaos(Func<OperatorChild> start, LocalAwsServer aws, LocalKubeServer kube, int seed, Action<string> say)
    {
        ArgumentNullException.ThrowIfNull(aws);
        this.start = start;
        this.aws = aws;
        this.kube = kube;
        this.say = say;
        random = new Random(seed);
        aws.Faults.CallAnswered += OnCallAnswered;
    }

    public int Restarts { get; private set; }

    /// <summary>Exits nobody asked for: a crash of the operator itself.</summary>
    public int UnexpectedExits { get; private set; }

    public IReadOnlyList<CrashAfterCreate> CrashesAfterCreate => crashes;

    public void StartOperator() => current = start();

    /// <summary>
    /// Runs until <paramref name="settled"/> holds once <paramref name="restarts"/> restarts were done, or
    /// <paramref name="limit"/> passes (false). Up to <paramref name="crashesAfterCreate"/> of the restarts are kills
    /// right after a CreateEventSourceMapping answer; <paramref name="unrecorded"/> then lists the mappings whose
    /// subscription's status does not name them. <paramref name="progress"/> is reported every 10 s.
    /// </summary>
    public async Task<bool> RunPhaseAsync(
        int restarts, int crashesAfterCreate, Func<Task<bool>> settled, Func<Task<IReadOnlyList<string>>> unrecorded, Func<Task<string>> progress, TimeSpan limit)
    {
        ArgumentNullException.ThrowIfNull(progress);
        ArgumentNullException.ThrowIfNull(settled);
        ArgumentNullException.ThrowIfNull(unrecorded);
        var clock = Stopwatch.StartNew();
        var done = 0;
        var crashTarget = crashes.Count + crashesAfterCreate;
        var nextKill = clock.Elapsed + KillInterval();
        var nextWatchFault = clock.Elapsed + WatchFaultInterval();
        var nextCheck = TimeSpan.Zero;
        var nextProgress = TimeSpan.FromSeconds(10);
        Arm(crashes.Count < crashTarget);
        try
        {
            while (clock.Elapsed < limit)
            {
                if (crashed.Task.IsCompleted && await crashed.Task != Current.Id)
                {
                    // The hook caught a process that a scheduled kill was already taking down.
                    crashed = NewSignal();
                    Arm(crashes.Count < crashTarget);
                }
                else if (crashed.Task.IsCompleted)
                {
                    var processId = await crashed.Task;
                    crashed = NewSignal();
                    await Current.KillAndWaitAsync();
                    var left = await unrecorded();
                    crashes.Add(new CrashAfterCreate(processId, left));
                    say($"{clock.Elapsed.TotalSeconds,6:0.0}s killed operator {processId} right after CreateEventSourceMapping; mappings its status does not name: {left.Count}");
                    Restart(ref done);
                    nextKill = clock.Elapsed + KillInterval();
                    Arm(crashes.Count < crashTarget);
                }
                else if (done < restarts && clock.Elapsed >= nextKill)
                {
                    var wasArmed = Interlocked.Exchange(ref armed, 0) == 1;
                    var processId = Current.Id;
                    await Current.KillAndWaitAsync();
                    say($"{clock.Elapsed.TotalSeconds,6:0.0}s killed operator {processId}");
                    Restart(ref done);
                    nextKill = clock.Elapsed + KillInterval();
                    Arm(wasArmed);
                }
                else if (Current.HasExited)
                {
                    UnexpectedExits++;
                    say($"{clock.Elapsed.TotalSeconds,6:0.0}s operator {Current.Id} exited by itself; starting another");
                    Current.Dispose();
                    current = start();
                }

                if (clock.Elapsed >= nextWatchFault)
                {
                    InjectWatchFault();
                    nextWatchFault = clock.Elapsed + WatchFaultInterval();
                }

                if (clock.Elapsed >= nextProgress)
                {
                    say($"{clock.Elapsed.TotalSeconds,6:0.0}s {await progress()}");
                    nextProgress = clock.Elapsed + TimeSpan.FromSeconds(10);
                }

                if (done >= restarts && clock.Elapsed >= nextCheck)
                {
                    if (await settled())
                    {
                        return true;
                    }

                    nextCheck = clock.Elapsed + TimeSpan.FromSeconds(1);
                }

                await Task.WhenAny(Task.Delay(100), crashed.Task);
            }

            return false;
        }
        finally
        {
            Arm(false);
        }
    }

    public void Dispose()
    {
        aws.Faults.CallAnswered -= OnCallAnswered;
        current?.Dispose();
    }

    private OperatorChild Current => current ?? throw new InvalidOperationException("The operator was not started.");

    private void Restart(ref int done)
    {
        Current.Dispose();
        Restarts++;
        done++;
        current = start();
    }

    private void InjectWatchFault()
    {
        // A third of the time the history goes too: the operator's next watch gets 410 Gone and must list again.
        if (random.NextDouble() < 1.0 / 3)
        {
            kube.Faults.CompactHistory();
        }

        kube.Faults.DropWatches();
    }

    private void Arm(bool on) => Volatile.Write(ref armed, on ? 1 : 0);

    private void OnCallAnswered(object? sender, CallRecord call)
    {
        if (call.Operation != "CreateEventSourceMapping" || call.Outcome != "Success" || current is not { } child
            || DateTimeOffset.UtcNow - child.StartedAt < MinimumAgeForCrashAfterCreate)
        {
            return;
        }

        if (Interlocked.CompareExchange(ref armed, 0, 1) == 1)
        {
            // On LocalAws's request path, right after the answer went out: the operator has had no time to act on it.
            child.Kill();
            crashed.TrySetResult(child.Id);
        }
    }

    /// <summary>From a start to the kill: the operator needs about 3 s to start and sync its caches, so it gets time to act too.</summary>
    private TimeSpan KillInterval() => TimeSpan.FromSeconds(4 + (7 * random.NextDouble()));

    private TimeSpan WatchFaultInterval() => TimeSpan.FromSeconds(1 + (3 * random.NextDouble()));

    private static TaskCompletionSource<int> NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
