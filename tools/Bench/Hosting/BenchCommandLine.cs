using System.Globalization;
using CrossAccountStreams.Sandbox.Hosting;

namespace CrossAccountStreams.Bench.Hosting;

/// <summary>The outcome of parsing the bench's flags: options, or an error naming the flag, or a request for help.</summary>
public sealed record BenchCommandLineResult(BenchOptions Options, string? Error, bool HelpRequested);

/// <summary>Parses <c>--flag value</c> and <c>--flag=value</c>; unknown flags and bad values are errors naming the flag.</summary>
public static class BenchCommandLine
{
    public const string Usage = """
        Usage: dotnet run -c Release --project tools/Bench -- [flags]

        Runs the operator as its own process against LocalKube and LocalAws (AWS-like rate limits on), applies N
        StreamSubscriptions and measures: time until all are Ready against the rate-limit floor, AWS calls per
        subscription (create and steady-state resync), API server requests, apply-to-Ready latency, the operator's
        peak RSS and CPU, and its start-to-first-reconcile time. Prints a Markdown report.

        Flags:
          --subscriptions <n[,n...]>  Subscription counts to measure, each in a fresh world (default 1000),
                                      e.g. --subscriptions 100,1000,10000.
          --concurrency <n>           The operator's reconcile workers per kind (default 4, as the chart).
          --resync <secs>             The operator's resync period (default: per size, 12x the rate-limit floor,
                                      at least 30 s), so one steady-state resync is measured after all are Ready.
          --skip-resync               Stop once all are Ready; no steady-state resync is measured.
          --ready-timeout <secs>      How long subscriptions get to become Ready (default: 60 s + 20x the floor).
          --apply-parallelism <n>     StreamSubscriptions created at once (default 8).
          --state-dir <path>          Where kubeconfigs and operator logs go (default: a new temporary folder).
          --operator-env <NAME=VALUE> An environment variable for the operator process, e.g. a runtime setting
                                      to compare (DOTNET_TieredPGO=0); may be repeated.
          --output <file>             Also write the Markdown report to this file.
          --help                      Show this help.

        """;

    public static BenchCommandLineResult Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = new BenchOptions();
        var read = CommandLineFlags.Read(
            args,
            ["--skip-resync"],
            ["--subscriptions", "--concurrency", "--resync", "--ready-timeout", "--apply-parallelism", "--state-dir", "--output", "--operator-env"],
            Apply);
        return new(options, read.Error, read.HelpRequested);

        string? Apply(string name, string? value)
        {
            switch (name)
            {
                case "--skip-resync":
                    options = options with { SkipResync = true };
                    return null;
                case "--subscriptions":
                    var sizes = new List<int>();
                    foreach (var part in value!.Split(',', StringSplitOptions.TrimEntries))
                    {
                        if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var size) || size is < 1 or > 100_000)
                        {
                            return $"flag --subscriptions needs counts from 1 to 100000 separated by commas (got '{value}')";
                        }

                        sizes.Add(size);
                    }

                    options = options with { Sizes = sizes };
                    return null;
                case "--concurrency" or "--apply-parallelism":
                    if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count is < 1 or > 256)
                    {
                        return $"flag {name} needs a whole number from 1 to 256 (got '{value}')";
                    }

                    options = name == "--concurrency" ? options with { Concurrency = count } : options with { ApplyParallelism = count };
                    return null;
                case "--resync" or "--ready-timeout":
                    if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds is < 1 or > 86_400)
                    {
                        return $"flag {name} needs a whole number of seconds from 1 to 86400 (got '{value}')";
                    }

                    options = name == "--resync"
                        ? options with { Resync = TimeSpan.FromSeconds(seconds) }
                        : options with { ReadyTimeout = TimeSpan.FromSeconds(seconds) };
                    return null;
                case "--operator-env":
                    var equals = value!.IndexOf('=', StringComparison.Ordinal);
                    if (equals < 1)
                    {
                        return $"flag --operator-env needs NAME=VALUE (got '{value}')";
                    }

                    options = options with
                    {
                        OperatorEnvironment = new Dictionary<string, string>(options.OperatorEnvironment, StringComparer.Ordinal) { [value[..equals]] = value[(equals + 1)..] },
                    };
                    return null;
                case "--state-dir" or "--output" when string.IsNullOrWhiteSpace(value):
                    return $"flag {name} must not be empty";
                case "--state-dir":
                    options = options with { StateDirectory = value };
                    return null;
                default:
                    options = options with { OutputFile = value };
                    return null;
            }
        }
    }
}
