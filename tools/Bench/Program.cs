using CrossAccountStreams.Bench.Hosting;
using CrossAccountStreams.Bench.Reporting;
using CrossAccountStreams.Bench.Run;
using CrossAccountStreams.Sandbox.Hosting;

var parsed = BenchCommandLine.Parse(args);
if (parsed.HelpRequested)
{
    Console.Out.Write(BenchCommandLine.Usage);
    return 0;
}

if (parsed.Error is not null)
{
    Console.Error.WriteLine($"error: {parsed.Error}");
    Console.Error.WriteLine("Run with --help to list the flags.");
    return 2;
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

try
{
    var options = parsed.Options;
    var paths = SandboxPaths.Resolve(stateDirectory: null);
    var state = options.StateDirectory is { } given ? Path.GetFullPath(given) : Directory.CreateTempSubdirectory("stream-subscription-bench-").FullName;
    Console.WriteLine($"Operator: {paths.OperatorAssembly}");
    Console.WriteLine($"Kubeconfigs and operator logs: {state}");
    var results = new List<BenchResult>();
    foreach (var size in options.Sizes)
    {
        var run = new BenchRun(options, paths, state, Console.Out);
        results.Add(await run.MeasureAsync(size, stop.Token));
    }

    var environment = options.OperatorEnvironment.Count == 0 ? "none" : string.Join(" ", options.OperatorEnvironment.Select(e => $"{e.Key}={e.Value}"));
    var report = $"Operator flags: --concurrency {options.Concurrency}; extra environment: {environment}\n\n" + ResultTable.Render(results);
    Console.WriteLine();
    Console.Write(report);
    if (options.OutputFile is { } output)
    {
        await File.WriteAllTextAsync(output, report, stop.Token);
    }

    return results.All(r => r.Problems.Count == 0) ? 0 : 1;
}
catch (SandboxSetupException ex)
{
    Console.Error.WriteLine($"error: {ex.Message}");
    return 2;
}
catch (OperationCanceledException) when (stop.IsCancellationRequested)
{
    return 1;
}
