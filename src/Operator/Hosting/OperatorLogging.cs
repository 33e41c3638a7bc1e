using Serilog;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace CrossAccountStreams.Operator.Hosting;

/// <summary>Serilog set-up: compact JSON to stdout for log collectors (in a pod), readable text on a terminal.</summary>
public static class OperatorLogging
{
    public static bool UseJson(string logFormat, bool outputRedirected) => logFormat.ToLowerInvariant() switch
    {
        "json" => true,
        "text" => false,
        _ => outputRedirected,
    };

    public static LoggerConfiguration Configure(LoggerConfiguration logger, OperatorOptions options)
    {
        var level = LogLevels.TryParse(options.LogLevel) ?? LogEventLevel.Information;
        logger.MinimumLevel.Is(level)
            .MinimumLevel.Override("Microsoft.AspNetCore", LogEventLevel.Warning)
            .MinimumLevel.Override("Microsoft.Hosting.Lifetime", level > LogEventLevel.Information ? level : LogEventLevel.Information)
            .MinimumLevel.Override("System.Net.Http.HttpClient", LogEventLevel.Warning)
            .Enrich.FromLogContext()
            .Enrich.WithProperty("cluster", options.ClusterName);
        return UseJson(options.LogFormat, Console.IsOutputRedirected)
            ? logger.WriteTo.Console(new CompactJsonFormatter())
            : logger.WriteTo.Console(outputTemplate: "{Timestamp:HH:mm:ss.fff} {Level:u3} {SourceContext}: {Message:lj} {Properties:j}{NewLine}{Exception}");
    }
}
