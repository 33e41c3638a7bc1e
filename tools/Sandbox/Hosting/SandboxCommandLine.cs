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
        var read = CommandLineFlags.Read(
            args, ["--once"], ["--state-dir", "--kube-port", "--aws-port", "--ready-timeout", "--delivery-timeout"], Apply);
        return new(options, read.Error, read.HelpRequested);

        string? Apply(string name, string? value)
        {
            switch (name)
            {
                case "--once":
                    options = options with { Once = true };
                    return null;
                case "--state-dir" when string.IsNullOrWhiteSpace(value):
                    return "flag --state-dir must not be empty";
                case "--state-dir":
                    options = options with { StateDirectory = value };
                    return null;
                case "--kube-port" or "--aws-port":
                    if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
                    {
                        return $"flag {name} needs a port number from 0 to 65535 (got '{value}')";
                    }

                    options = name == "--kube-port" ? options with { KubePort = port } : options with { AwsPort = port };
                    return null;
                default:
                    if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds is < 1 or > 3600)
                    {
                        return $"flag {name} needs a whole number of seconds from 1 to 3600 (got '{value}')";
                    }

                    options = name == "--ready-timeout"
                        ? options with { ReadyTimeout = TimeSpan.FromSeconds(seconds) }
                        : options with { DeliveryTimeout = TimeSpan.FromSeconds(seconds) };
                    return null;
            }
        }
    }
}
