namespace CrossAccountStreams.Sandbox.Hosting;

/// <summary>Where reading a command line stopped: at its end, at <c>--help</c>, or at an error naming the flag.</summary>
public sealed record FlagReadResult(bool HelpRequested, string? Error);

/// <summary>
/// Reads <c>--flag value</c>, <c>--flag=value</c> and value-less switches in order, handing each to the caller, which
/// answers an error message or null. Unknown flags, stray arguments and missing values are errors naming the flag.
/// Shared by the sandbox's and the bench's command lines.
/// </summary>
public static class CommandLineFlags
{
    public static FlagReadResult Read(
        IReadOnlyList<string> args, IReadOnlyCollection<string> switches, IReadOnlyCollection<string> valued, Func<string, string?, string?> apply)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(switches);
        ArgumentNullException.ThrowIfNull(valued);
        ArgumentNullException.ThrowIfNull(apply);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "-h" or "--help")
            {
                return new(HelpRequested: true, null);
            }

            var parts = arg.Split('=', 2);
            var name = parts[0];
            if (switches.Contains(name))
            {
                if (parts.Length == 2)
                {
                    return new(false, $"flag {name} takes no value (got '{parts[1]}')");
                }

                if (apply(name, null) is { } switchError)
                {
                    return new(false, switchError);
                }

                continue;
            }

            if (!valued.Contains(name))
            {
                return new(false, arg.StartsWith("--", StringComparison.Ordinal)
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
                return new(false, $"flag {name} needs a value");
            }

            if (apply(name, value) is { } error)
            {
                return new(false, error);
            }
        }

        return new(false, null);
    }
}
