using System.Globalization;

namespace CrossAccountStreams.Sandbox.Hosting;

/// <summary>The outcome of parsing the sandbox's flags: options, or an error naming the flag, or a request for help.</summary>
public sealed record SandboxCommandLineResult(SandboxOptions Options, string? Error, bool HelpRequested);

/// <summary>Parses <c>--flag value</c> and <c>--flag=value</c>; unknown flags and bad values are errors naming the flag.</summary>
public static class SandboxCommandLine
{
    public const string Usage = """
        Usage: dotnet run --project tools/Sandbox [-- flags]

        Starts emulated Kubernetes and AWS, the operator and the sample StreamSubscriptions, writes items to the
        source tables and shows them reaching the functions in the other account. Runs until Ctrl+C.

        Flags:
          --once                      Run the scenario once, print a summary and exit: 0 when every sample
                                      became Ready and every written item reached its function, 1 otherwise.
          --state-dir <path>          Where the kubeconfig and operator.log go (default: .sandbox in the repository).
          --kube-port <port>          Port of the Kubernetes API (default 6443; 0 or a taken port picks a free one).
          --aws-port <port>           Port of the AWS endpoint (default 4566; 0 or a taken port picks a free one).
          --ready-timeout <secs>      How long subscriptions get to become Ready (default 120).
          --delivery-timeout <secs>   How long written items get to reach their functions (default 90).
          --help                      Show this help.

        """;

    public static SandboxCommandLineResult Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = new SandboxOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "-h" or "--help")
            {
                return new(options, null, HelpRequested: true);
            }

            var parts = arg.Split('=', 2);
            var name = parts[0];
            if (name == "--once")
            {
                if (parts.Length == 2)
                {
                    return Fail($"flag --once takes no value (got '{parts[1]}')");
                }

                options = options with { Once = true };
                continue;
            }

            if (name is not ("--state-dir" or "--kube-port" or "--aws-port" or "--ready-timeout" or "--delivery-timeout"))
            {
                return Fail(arg.StartsWith("--", StringComparison.Ordinal)
                    ? $"unknown flag {name}"
                    : $"unexpected argument '{arg}': flags look like --name value");
            }

            string value;
            if (parts.Length == 2)
            {
                value = parts[1];
            }
            else if (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                value = args[++i];
            }
            else
            {
                return Fail($"flag {name} needs a value");
            }

            switch (name)
            {
                case "--state-dir" when string.IsNullOrWhiteSpace(value):
                    return Fail("flag --state-dir must not be empty");
                case "--state-dir":
                    options = options with { StateDirectory = value };
                    break;
                case "--kube-port" or "--aws-port":
                    if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
                    {
                        return Fail($"flag {name} needs a port number from 0 to 65535 (got '{value}')");
                    }

                    options = name == "--kube-port" ? options with { KubePort = port } : options with { AwsPort = port };
                    break;
                default:
                    if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds is < 1 or > 3600)
                    {
                        return Fail($"flag {name} needs a whole number of seconds from 1 to 3600 (got '{value}')");
                    }

                    options = name == "--ready-timeout"
                        ? options with { ReadyTimeout = TimeSpan.FromSeconds(seconds) }
                        : options with { DeliveryTimeout = TimeSpan.FromSeconds(seconds) };
                    break;
            }
        }

        return new(options, null, HelpRequested: false);

        SandboxCommandLineResult Fail(string message) => new(options, message, HelpRequested: false);
    }
}
