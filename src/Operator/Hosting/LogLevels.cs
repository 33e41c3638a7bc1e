using Serilog.Events;

namespace CrossAccountStreams.Operator.Hosting;

/// <summary>Maps log level names (Serilog's and Microsoft's) to Serilog levels.</summary>
public static class LogLevels
{
    public static readonly string[] Names = ["Verbose", "Debug", "Information", "Warning", "Error", "Fatal"];

    public static LogEventLevel? TryParse(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        "verbose" or "trace" => LogEventLevel.Verbose,
        "debug" => LogEventLevel.Debug,
        "information" or "info" => LogEventLevel.Information,
        "warning" or "warn" => LogEventLevel.Warning,
        "error" => LogEventLevel.Error,
        "fatal" or "critical" => LogEventLevel.Fatal,
        _ => null,
    };
}
