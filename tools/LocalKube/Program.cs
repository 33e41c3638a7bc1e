using System.Runtime.InteropServices;
using LocalKube;

// dotnet run --project tools/LocalKube -- --port 6443 --crds config/crds --kubeconfig /tmp/localkube.kubeconfig
var options = new LocalKubeOptions();
for (var i = 0; i < args.Length; i++)
{
    var value = i + 1 < args.Length ? args[i + 1] : null;
    switch (args[i])
    {
        case "--port" when int.TryParse(value, out var port):
            options.Port = port;
            i++;
            break;
        case "--crds" when value is not null:
            options.CrdDirectory = value;
            i++;
            break;
        case "--kubeconfig" when value is not null:
            options.KubeconfigPath = value;
            i++;
            break;
        case "--namespace" when value is not null:
            options.Namespaces.Add(value);
            i++;
            break;
        default:
            await Console.Error.WriteLineAsync($"unknown or incomplete argument: {args[i]}\nusage: LocalKube [--port N] [--crds DIR] [--kubeconfig FILE] [--namespace NS]...");
            return 2;
    }
}

using var loggerFactory = LoggerFactory.Create(logging => logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Information).AddFilter("Microsoft.AspNetCore", LogLevel.Warning));
options.LoggerFactory = loggerFactory;
using var stop = new CancellationTokenSource();
void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    stop.Cancel();
}

using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);

LocalKubeServer server;
try
{
    server = await LocalKubeServer.StartAsync(options, stop.Token);
}
catch (Exception e) when (e is IOException or LocalKube.Api.ApiException or YamlDotNet.Core.YamlException)
{
    await Console.Error.WriteLineAsync($"LocalKube could not start: {e.Message}");
    return 1;
}

await using var running = server;
Console.WriteLine($"LocalKube listening on {server.Endpoint}");
Console.WriteLine($"export KUBECONFIG={server.KubeconfigPath}");
try
{
    await Task.Delay(Timeout.Infinite, stop.Token);
}
catch (OperationCanceledException)
{
    // Ctrl+C or SIGTERM
}

return 0;
