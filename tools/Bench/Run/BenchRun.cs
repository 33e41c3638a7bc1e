using System.Diagnostics;
using System.Net;
using CrossAccountStreams.Bench.Hosting;
using CrossAccountStreams.Bench.Measurement;
using CrossAccountStreams.Bench.Reporting;
using CrossAccountStreams.Bench.World;
using CrossAccountStreams.Entities;
using CrossAccountStreams.Entities.V1Alpha1;
using CrossAccountStreams.Sandbox.Hosting;
using CrossAccountStreams.Sandbox.Operator;
using CrossAccountStreams.Sandbox.Progress;
using k8s;
using LocalAws;
using LocalKube;

namespace CrossAccountStreams.Bench.Run;

/// <summary>
/// One measurement: a fresh LocalKube and LocalAws (rate limits on) holding the world for N subscriptions, the operator
/// started as its own process with the chart's flags, then the phases start-up, create (apply N, wait for all Ready)
/// and steady state (one resync after everything is Ready).
/// </summary>
public sealed class BenchRun(BenchOptions options, SandboxPaths paths, string stateDirectory, TextWriter progress)
{
    private static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan QuietPeriod = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(250);
    private readonly TimeProvider time = TimeProvider.System;

    public async Task<BenchResult> MeasureAsync(int size, CancellationToken cancellationToken)
    {
        var world = BenchWorld.Plan(size);
        var limits = new LocalAws.Limits.RateLimitOptions();
        var floor = RateLimitFloor.Binding(PlannedWrites.Of(world), limits);
        var floorTime = floor?.Time ?? TimeSpan.Zero;
        var resync = options.Resync ?? Max(TimeSpan.FromSeconds(30), floorTime * 12);
        var readyTimeout = options.ReadyTimeout ?? TimeSpan.FromSeconds(60) + (floorTime * 20);
        var result = new BenchResult
        {
            Subscriptions = size,
            Concurrency = options.Concurrency,
            Resync = resync,
            Floor = floor,
            WorldDescription = $"{world.SourceAccounts} source accounts x {world.TablesPerSourceAccount} tables ({world.Streams} streams, "
                + $"{BenchWorld.SubscriptionsPerStream} subscriptions each), {world.TargetAccounts} target accounts x {world.FunctionsPerTargetAccount} functions "
                + $"({BenchWorld.StreamsPerFunction} streams each), {world.Namespaces} namespaces",
        };
        var directory = Path.Combine(stateDirectory, $"n{size}");
        Directory.CreateDirectory(directory);
        Say($"N={size}: {result.WorldDescription}; floor {Format(floorTime)} ({floor?.Writes} {floor?.Family} writes in one account at {floor?.RequestsPerSecond} rps); resync {Format(resync)}");

        await using var kube = await LocalKubeServer.StartAsync(
            new LocalKubeOptions { Port = 0, CrdDirectory = paths.CrdDirectory, KubeconfigPath = Path.Combine(directory, "kubeconfig") }, cancellationToken);
        await using var aws = await LocalAwsServer.StartAsync(
            new LocalAwsOptions
            {
                Port = 0,
                Seed = BenchSeed.Create(world),
                RateLimitsEnabled = true,
                RateLimits = limits,
                // No traffic flows in the bench; a slow data-plane loop keeps the emulator from competing for the CPU.
                PollInterval = TimeSpan.FromSeconds(10),
            },
            cancellationToken);
        using var client = kube.CreateClient();
        foreach (var ns in ClusterObjects.Namespaces(world))
        {
            await client.CoreV1.CreateNamespaceAsync(ns, cancellationToken: cancellationToken);
        }

        foreach (var account in ClusterObjects.Accounts(world))
        {
            await client.CustomObjects.CreateClusterCustomObjectAsync(account, ApiGroup.Name, ApiGroup.Version, V1Alpha1AwsAccount.Plural, cancellationToken: cancellationToken);
        }

        var calls = new AwsCallLog(aws.World);
        var healthPort = PortChooser.AnyFree();
        var launch = WithFlags(OperatorLaunch.Create(kube.KubeconfigPath, aws.Endpoint, aws.World.Region, PortChooser.AnyFree(), healthPort), resync, options);
        var before = kube.Stats.Snapshot();
        var started = time.GetTimestamp();
        await using var operatorProcess = OperatorProcess.Start(paths.OperatorAssembly, launch, Path.Combine(directory, "operator.log"));
        var problems = new List<string>();

        // Start-up: the first AWS call (verifying an AwsAccount starts with AssumeRole) and the first status write.
        var startup = await MeasureStartupAsync(operatorProcess, kube, aws.World, before, healthPort, started, cancellationToken);
        result = result with { StartToFirstAwsCall = startup.FirstAwsCall, StartToFirstStatusWrite = startup.FirstStatusWrite, StartToReadyz = startup.Readyz };
        Say($"  start-up: readyz {Format(startup.Readyz)}, first AWS call {Format(startup.FirstAwsCall)}, first status write {Format(startup.FirstStatusWrite)}");
        if (!await WaitForAccountsAsync(client, world.SourceAccounts + world.TargetAccounts, operatorProcess, cancellationToken))
        {
            problems.Add("the AwsAccounts did not all become Ready within 60 s");
            return await FinishAsync(result, problems, operatorProcess);
        }

        // Create: apply N subscriptions and wait for every one to report Ready.
        calls.Drain();
        var createFrom = calls.Count;
        var apiBefore = kube.Stats.Snapshot();
        var cpuBefore = ProcessSample.Read(operatorProcess.Id);
        await using var watch = new ReadinessWatch(client, time);
        watch.Start();
        var applied = new long[size];
        var applyStart = time.GetTimestamp();
        using var stopDraining = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var draining = DrainWhileAsync(calls, stopDraining.Token);
        await Parallel.ForAsync(0, size, new ParallelOptions { MaxDegreeOfParallelism = options.ApplyParallelism, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            var planned = world.Subscriptions[i];
            await client.CustomObjects.CreateNamespacedCustomObjectAsync(ClusterObjects.Subscription(planned), ApiGroup.Name, ApiGroup.Version, planned.Namespace,
                V1Alpha1StreamSubscription.Plural, cancellationToken: ct);
            applied[i] = time.GetTimestamp();
        });
        var applyDuration = time.GetElapsedTime(applyStart);
        Say($"  applied {size} StreamSubscriptions in {Format(applyDuration)}");
        var deadline = applyStart + (long)(readyTimeout.TotalSeconds * Stopwatch.Frequency);
        var lastReport = time.GetTimestamp();
        while (watch.ReadyCount < size && time.GetTimestamp() < deadline && !operatorProcess.HasExited)
        {
            await Task.Delay(Tick, time, cancellationToken);
            if (time.GetElapsedTime(lastReport) > TimeSpan.FromSeconds(15))
            {
                lastReport = time.GetTimestamp();
                Say($"  {watch.ReadyCount}/{size} Ready after {Format(time.GetElapsedTime(applyStart))}; {calls.Count - createFrom} AWS calls");
            }
        }

        var readyTimes = Enumerable.Range(0, size)
            .Select(i => watch.ReadyTimestamp($"{world.Subscriptions[i].Namespace}/{world.Subscriptions[i].Name}") is { } at ? time.GetElapsedTime(applied[i], at) : (TimeSpan?)null)
            .OfType<TimeSpan>().Order().ToList();
        var lastReady = Enumerable.Range(0, size)
            .Select(i => watch.ReadyTimestamp($"{world.Subscriptions[i].Namespace}/{world.Subscriptions[i].Name}"))
            .OfType<long>().DefaultIfEmpty(applyStart).Max();
        await stopDraining.CancelAsync();
        await draining;
        calls.Drain();
        var createTo = calls.Count;
        var cpuAtReady = ProcessSample.Read(operatorProcess.Id);
        var apiCreate = Subtract(kube.Stats.Snapshot(), apiBefore, new Dictionary<string, long>
        {
            ["create streamsubscriptions"] = size,
            ["watch streamsubscriptions"] = watch.WatchRequests,
        });
        result = result with
        {
            ReadyCount = watch.ReadyCount,
            ApplyDuration = applyDuration,
            TimeToAllReady = watch.ReadyCount == size ? time.GetElapsedTime(applyStart, lastReady) : null,
            ReadyP50 = Percentile(readyTimes, 0.50),
            ReadyP99 = Percentile(readyTimes, 0.99),
            CreateCalls = AwsCallCounts.Of(calls.Between(createFrom, createTo)),
            CreateApiRequests = apiCreate,
            RssAtReadyKiB = cpuAtReady?.RssKiB,
            CpuCreate = cpuAtReady is not null && cpuBefore is not null ? cpuAtReady.Cpu - cpuBefore.Cpu : null,
        };
        Say($"  {watch.ReadyCount}/{size} Ready; all Ready after {Format(result.TimeToAllReady)} (floor {Format(floorTime)}, ratio {result.FloorRatio:0.00}); p50 {Format(result.ReadyP50)}, p99 {Format(result.ReadyP99)}");
        if (watch.ReadyCount < size)
        {
            problems.Add(operatorProcess.HasExited
                ? $"the operator exited with code {operatorProcess.ExitCode}"
                : $"only {watch.ReadyCount} of {size} subscriptions became Ready within {Format(readyTimeout)}");
            return await FinishAsync(result, problems, operatorProcess);
        }

        if (options.SkipResync)
        {
            return await FinishAsync(result, problems, operatorProcess);
        }

        // Steady state: once AWS is quiet, the next resync is one full pass over every subscription.
        var steady = await MeasureResyncAsync(calls, kube, operatorProcess, started, resync, cancellationToken);
        if (steady is null)
        {
            problems.Add("no resync was seen within the resync period after all were Ready");
        }
        else
        {
            result = result with { SteadyCalls = steady.Value.Calls, SteadyApiRequests = steady.Value.Api, SteadyWindow = steady.Value.Window };
            Say($"  resync: {steady.Value.Calls.Total} AWS calls ({steady.Value.Calls.Writes} writes) in {Format(steady.Value.Window)}");
        }

        return await FinishAsync(result, problems, operatorProcess);
    }

    private async Task<BenchResult> FinishAsync(BenchResult result, List<string> problems, OperatorProcess operatorProcess)
    {
        var final = operatorProcess.HasExited ? null : ProcessSample.Read(operatorProcess.Id);
        var code = await operatorProcess.StopAsync();
        if (code != 0)
        {
            problems.Add($"the operator exited with code {code} on SIGTERM");
        }

        return result with { PeakRssKiB = final?.PeakRssKiB, CpuTotal = final?.Cpu, Problems = problems };
    }

    private sealed record Startup(TimeSpan? Readyz, TimeSpan? FirstAwsCall, TimeSpan? FirstStatusWrite);

    private async Task<Startup> MeasureStartupAsync(
        OperatorProcess operatorProcess, LocalKubeServer kube, AwsWorld aws, IReadOnlyDictionary<(string Verb, string Resource), long> before,
        int healthPort, long started, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(1) };
        TimeSpan? readyz = null, firstCall = null, firstWrite = null;
        var statusWritesBefore = StatusWrites(before);
        while ((readyz is null || firstCall is null || firstWrite is null) && time.GetElapsedTime(started) < StartupTimeout && !operatorProcess.HasExited)
        {
            if (firstCall is null && aws.Calls.Count > 0)
            {
                firstCall = time.GetElapsedTime(started);
            }

            if (firstWrite is null && StatusWrites(kube.Stats.Snapshot()) > statusWritesBefore)
            {
                firstWrite = time.GetElapsedTime(started);
            }

            if (readyz is null)
            {
                try
                {
                    using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{healthPort}/readyz"), cancellationToken);
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        readyz = time.GetElapsedTime(started);
                    }
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
                {
                    // Not listening yet.
                }
            }

            await Task.Delay(TimeSpan.FromMilliseconds(5), time, cancellationToken);
        }

        return new Startup(readyz, firstCall, firstWrite);

        static long StatusWrites(IReadOnlyDictionary<(string Verb, string Resource), long> stats) =>
            stats.Where(s => s.Key.Resource.EndsWith("/status", StringComparison.Ordinal) && s.Key.Verb is "update" or "patch").Sum(s => s.Value);
    }

    private async Task<bool> WaitForAccountsAsync(IKubernetes client, int count, OperatorProcess operatorProcess, CancellationToken cancellationToken)
    {
        var start = time.GetTimestamp();
        while (time.GetElapsedTime(start) < TimeSpan.FromSeconds(60) && !operatorProcess.HasExited)
        {
            var list = await client.CustomObjects.ListClusterCustomObjectAsync<ResourceList<V1Alpha1AwsAccount>>(
                ApiGroup.Name, ApiGroup.Version, V1Alpha1AwsAccount.Plural, cancellationToken: cancellationToken);
            if (list.Items.Count(a => a.Status?.Conditions?.Any(c => c.Type == ConditionTypes.Ready && c.Status == "True") == true) == count)
            {
                return true;
            }

            await Task.Delay(Tick, time, cancellationToken);
        }

        return false;
    }

    private async Task<(AwsCallCounts Calls, IReadOnlyDictionary<string, long> Api, TimeSpan Window)?> MeasureResyncAsync(
        AwsCallLog calls, LocalKubeServer kube, OperatorProcess operatorProcess, long started, TimeSpan resync, CancellationToken cancellationToken)
    {
        await WaitQuietAsync(calls, operatorProcess, cancellationToken);

        // The informer's resync ticks every period from its start, a few seconds after the process start. The window
        // opens just before the next tick, so other periodic work (AwsAccount verification) before it is left out.
        var tick = resync * Math.Ceiling(time.GetElapsedTime(started) / resync);
        Say($"  quiet; the next resync is due {Format(tick - time.GetElapsedTime(started))} from now");
        while (time.GetElapsedTime(started) < tick - TimeSpan.FromSeconds(1) && !operatorProcess.HasExited)
        {
            await Task.Delay(Tick, time, cancellationToken);
            calls.Drain();
        }

        calls.Drain();
        var from = calls.Count;
        var apiBefore = kube.Stats.Snapshot();
        var windowStart = time.GetTimestamp();
        while (calls.Count == from && time.GetElapsedTime(started) < tick + TimeSpan.FromSeconds(60) && !operatorProcess.HasExited)
        {
            await Task.Delay(Tick, time, cancellationToken);
            calls.Drain();
        }

        if (calls.Count == from)
        {
            return null;
        }

        await WaitQuietAsync(calls, operatorProcess, cancellationToken);
        var window = time.GetElapsedTime(windowStart) - QuietPeriod;
        var api = Subtract(kube.Stats.Snapshot(), apiBefore, new Dictionary<string, long>());
        return (AwsCallCounts.Of(calls.Between(from, calls.Count)), api, window);
    }

    private async Task WaitQuietAsync(AwsCallLog calls, OperatorProcess operatorProcess, CancellationToken cancellationToken)
    {
        var quietSince = time.GetTimestamp();
        var seen = calls.Count;
        while (time.GetElapsedTime(quietSince) < QuietPeriod && !operatorProcess.HasExited)
        {
            await Task.Delay(Tick, time, cancellationToken);
            calls.Drain();
            if (calls.Count != seen)
            {
                seen = calls.Count;
                quietSince = time.GetTimestamp();
            }
        }
    }

    private async Task DrainWhileAsync(AwsCallLog calls, CancellationToken cancellationToken)
    {
        // The emulator keeps the latest 100,000 calls; draining every second keeps every call of the run.
        try
        {
            while (true)
            {
                calls.Drain();
                await Task.Delay(TimeSpan.FromSeconds(1), time, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            // The phase is over.
        }
    }

    private static OperatorLaunch WithFlags(OperatorLaunch launch, TimeSpan resync, BenchOptions options)
    {
        var arguments = launch.Arguments.ToList();
        Set("--resync", $"{(int)Math.Ceiling(resync.TotalSeconds)}s");
        Set("--concurrency", options.Concurrency.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var environment = new Dictionary<string, string>(launch.Environment, StringComparer.Ordinal);
        foreach (var (name, value) in options.OperatorEnvironment)
        {
            environment[name] = value;
        }

        return launch with { Arguments = arguments, Environment = environment };

        void Set(string flag, string value)
        {
            var at = arguments.IndexOf(flag);
            if (at < 0)
            {
                arguments.Add(flag);
                arguments.Add(value);
            }
            else
            {
                arguments[at + 1] = value;
            }
        }
    }

    /// <summary>Requests by "verb resource" between two snapshots, minus the bench's own.</summary>
    private static Dictionary<string, long> Subtract(
        IReadOnlyDictionary<(string Verb, string Resource), long> after, IReadOnlyDictionary<(string Verb, string Resource), long> before, Dictionary<string, long> own)
    {
        var result = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var ((verb, resource), count) in after)
        {
            var key = $"{verb} {resource}";
            var delta = count - before.GetValueOrDefault((verb, resource)) - own.GetValueOrDefault(key);
            if (delta > 0)
            {
                result[key] = delta;
            }
        }

        return new Dictionary<string, long>(result, StringComparer.Ordinal);
    }

    private static TimeSpan? Percentile(List<TimeSpan> sorted, double p) =>
        sorted.Count == 0 ? null : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    internal static string Format(TimeSpan? span) => span switch
    {
        null => "-",
        { TotalSeconds: < 10 } s => $"{s.TotalMilliseconds:0} ms",
        { TotalSeconds: < 120 } s => $"{s.TotalSeconds:0.0} s",
        var s => $"{s.Value.TotalSeconds:0} s",
    };

    private void Say(string message) => progress.WriteLine($"{DateTime.UtcNow:HH:mm:ss}  {message}");
}
