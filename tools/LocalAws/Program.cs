using System.Globalization;
using System.Runtime.InteropServices;
using LocalAws;

var port = 4566;
string? seedFile = null;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--port" when i + 1 < args.Length:
            if (!int.TryParse(args[++i], NumberStyles.Integer, CultureInfo.InvariantCulture, out port) || port is < 0 or > 65535)
            {
                await Console.Error.WriteLineAsync($"--port must be a number between 0 and 65535, got '{args[i]}'.");
                return 2;
            }
            break;
        case "--seed" when i + 1 < args.Length:
            seedFile = args[++i];
            break;
        case "--print-default-seed":
            Console.WriteLine(DefaultWorld.Create().ToJson());
            return 0;
        default:
            await Console.Error.WriteLineAsync($"Unknown argument '{args[i]}'. Usage: LocalAws --port <port> [--seed <file.json>] | --print-default-seed");
            return 2;
    }
}

WorldSeed? seed = null;
if (seedFile is not null)
{
    try
    {
        seed = WorldSeed.FromFile(seedFile);
    }
    catch (Exception ex) when (ex is IOException or InvalidDataException or System.Text.Json.JsonException or UnauthorizedAccessException)
    {
        await Console.Error.WriteLineAsync($"Cannot read seed file '{seedFile}': {ex.Message}");
        return 2;
    }
}

using var stop = new CancellationTokenSource();
void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    stop.Cancel();
}
using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
LocalAwsServer server;
try
{
    server = await LocalAwsServer.StartAsync(new LocalAwsOptions { Port = port, Seed = seed });
}
catch (InvalidDataException ex)
{
    await Console.Error.WriteLineAsync($"The seed is invalid: {ex.Message}");
    return 2;
}
await using (server)
{
    Console.WriteLine($"LocalAws listening on {server.Endpoint} (region {server.World.Region}); Ctrl+C to stop.");
    try
    {
        await Task.Delay(Timeout.Infinite, stop.Token);
    }
    catch (OperationCanceledException)
    {
        Console.WriteLine("Stopping.");
    }
}
return 0;
