using System.Globalization;

namespace CrossAccountStreams.Operator.Hosting;

/// <summary>The outcome of parsing the command line: configuration keys to apply, or an error, or a request for help.</summary>
public sealed record CommandLineParseResult(IReadOnlyDictionary<string, string?> Settings, string? Error, bool HelpRequested)
{
    public bool Succeeded => Error is null && !HelpRequested;
}

/// <summary>
/// Parses the operator's flags (<c>--flag value</c> or <c>--flag=value</c>) into keys of the <c>Operator</c>
/// configuration section. Unknown flags, missing values and malformed values are errors naming the flag; ranges
/// are checked later with every other source by <see cref="OperatorOptionsValidator"/>.
/// </summary>
public static class OperatorCommandLine
{
    private enum ValueKind
    {
        Text,
        Integer,
        Boolean,
        Duration,
        LogFormat,
        LogLevel,
    }

    private sealed record Flag(string Name, string Key, ValueKind Kind, string Help);

    private static readonly Flag[] Flags =
    [
        new("kubeconfig", "Kubeconfig", ValueKind.Text, "Path of a kubeconfig (default: in-cluster, else $KUBECONFIG or ~/.kube/config)."),
        new("namespace", "Namespace", ValueKind.Text, "Watch StreamSubscriptions in this namespace only (default: all namespaces)."),
        new("concurrency", "Concurrency", ValueKind.Integer, "Reconcile workers per kind (default 4)."),
        new("resync", "Resync", ValueKind.Duration, "Reconcile everything again this often, to repair drift (default 10m)."),
        new("leader-elect", "LeaderElect", ValueKind.Boolean, "Elect a leader through a Lease so only one replica acts (default false)."),
        new("metrics-port", "MetricsPort", ValueKind.Integer, "Port serving GET /metrics (default 8080)."),
        new("health-port", "HealthPort", ValueKind.Integer, "Port serving GET /healthz and /readyz (default 8081)."),
        new("log-level", "LogLevel", ValueKind.LogLevel, "Verbose, Debug, Information, Warning, Error or Fatal (default Information)."),
        new("log-format", "LogFormat", ValueKind.LogFormat, "json, text or auto: text on a terminal, else JSON (default auto)."),
        new("cluster-name", "ClusterName", ValueKind.Text, "Name of this cluster, sent to AWS as a session tag (default \"default\")."),
        new("shutdown-timeout", "ShutdownTimeout", ValueKind.Duration, "How long shutdown waits for reconciles in flight (default 30s)."),
    ];

    public static string Usage { get; } = BuildUsage();

    public static CommandLineParseResult Parse(IReadOnlyList<string> args)
    {
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "-h" or "--help")
            {
                return new(settings, null, HelpRequested: true);
            }

            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length == 2)
            {
                return Fail($"unexpected argument '{arg}': flags look like --name value");
            }

            var nameAndValue = arg[2..].Split('=', 2);
            var flag = Flags.FirstOrDefault(f => f.Name == nameAndValue[0]);
            if (flag is null)
            {
                return Fail($"unknown flag --{nameAndValue[0]}");
            }

            string? value;
            if (nameAndValue.Length == 2)
            {
                value = nameAndValue[1];
            }
            else if (flag.Kind == ValueKind.Boolean && (i + 1 >= args.Count || !bool.TryParse(args[i + 1], out _)))
            {
                // A bare boolean flag switches it on, as in Go's flag package.
                value = "true";
            }
            else if (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                value = args[++i];
            }
            else
            {
                return Fail($"flag --{flag.Name} needs a value");
            }

            var error = Check(flag, value);
            if (error is not null)
            {
                return Fail(error);
            }

            settings[$"{OperatorOptions.SectionName}:{flag.Key}"] = flag.Kind == ValueKind.Boolean
                ? bool.Parse(value).ToString(CultureInfo.InvariantCulture).ToLowerInvariant()
                : value;
            if (flag.Name == "cluster-name")
            {
                // The AWS session tags read their own setting; the flag sets both.
                settings["Aws:ClusterName"] = value;
            }
        }

        return new(settings, null, HelpRequested: false);

        CommandLineParseResult Fail(string message) => new(settings, message, HelpRequested: false);
    }

    private static string? Check(Flag flag, string value) => flag.Kind switch
    {
        ValueKind.Integer when !int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _) =>
            $"flag --{flag.Name} needs a whole number (got '{value}')",
        ValueKind.Boolean when !bool.TryParse(value, out _) =>
            $"flag --{flag.Name} needs true or false (got '{value}')",
        ValueKind.Duration when !DurationFormat.TryParse(value, out _) =>
            $"flag --{flag.Name} needs a duration such as 90s, 10m, 1h or 00:10:00 (got '{value}')",
        ValueKind.LogFormat when !OperatorOptionsValidator.LogFormats.Contains(value, StringComparer.OrdinalIgnoreCase) =>
            $"flag --{flag.Name} must be json, text or auto (got '{value}')",
        ValueKind.LogLevel when LogLevels.TryParse(value) is null =>
            $"flag --{flag.Name} must be one of {string.Join(", ", LogLevels.Names)} (got '{value}')",
        ValueKind.Text when string.IsNullOrWhiteSpace(value) && flag.Name is "kubeconfig" or "cluster-name" =>
            $"flag --{flag.Name} must not be empty",
        _ => null,
    };

    private static string BuildUsage()
    {
        var lines = new List<string>
        {
            "Usage: CrossAccountStreams.Operator [flags]",
            "",
            "Keeps DynamoDB stream policies and Lambda event source mappings true to StreamSubscription objects.",
            "",
            "Flags (also settable as Operator__<Name> environment variables or in appsettings.json):",
        };
        lines.AddRange(Flags.Select(f => $"  --{f.Name,-18} {f.Help}"));
        lines.Add("  --help               Show this help.");
        return string.Join(Environment.NewLine, lines) + Environment.NewLine;
    }
}
