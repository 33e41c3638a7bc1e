using System.Runtime.InteropServices;
using CrossAccountStreams.Sandbox.Hosting;
using CrossAccountStreams.Sandbox.Scenario;

var parsed = SandboxCommandLine.Parse(args);
if (parsed.HelpRequested)
{
    Console.Out.Write(SandboxCommandLine.Usage);
    return 0;
}

if (parsed.Error is not null)
{
    Console.Error.WriteLine($"error: {parsed.Error}");
    Console.Error.WriteLine("Run with --help to list the flags.");
    return 2;
}

using var stop = new CancellationTokenSource();
var firstSignal = DateTimeOffset.MinValue;
void Stop(PosixSignalContext context)
{
    // The first signal stops gracefully; another one a moment later ends the process at once. Copies of the first
    // that arrive together (a terminal signals the whole process group, a launcher may forward it) do not count.
    var now = DateTimeOffset.UtcNow;
    if (!stop.IsCancellationRequested)
    {
        firstSignal = now;
    }

    context.Cancel = now - firstSignal < TimeSpan.FromSeconds(2);
    stop.Cancel();
}

using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);

try
{
    var paths = SandboxPaths.Resolve(parsed.Options.StateDirectory);
    var scenario = new SandboxScenario(parsed.Options, paths, Console.Out, TimeProvider.System);
    return await scenario.RunAsync(stop.Token);
}
catch (SandboxSetupException ex)
{
    Console.Error.WriteLine($"error: {ex.Message}");
    return 2;
}
catch (OperationCanceledException) when (stop.IsCancellationRequested)
{
    return parsed.Options.Once ? 1 : 0;
}
