using System.Diagnostics;

namespace CrossAccountStreams.TestSupport;

/// <summary>
/// The kubectl and helm binaries the tests drive. They come from <c>tools/install-cli-tools.sh</c>, which runs
/// once on first use, so <c>dotnet test</c> works on a fresh clone.
/// </summary>
public static class CliTools
{
    private static readonly Lazy<string> LazyBin = new(Install, LazyThreadSafetyMode.ExecutionAndPublication);

    public static string Kubectl => Path.Combine(LazyBin.Value, "kubectl");

    public static string Helm => Path.Combine(LazyBin.Value, "helm");

    /// <summary>Runs a program to completion and returns its exit code, standard output and standard error.</summary>
    public static async Task<ProcessResult> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string>? environment = null,
        string? standardInput = null,
        TimeSpan? timeout = null,
        CancellationToken cancellationToken = default)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = standardInput is not null,
            UseShellExecute = false,
            WorkingDirectory = RepoPaths.Root,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {fileName}");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        if (standardInput is not null)
        {
            await process.StandardInput.WriteAsync(standardInput.AsMemory(), cancellationToken);
            process.StandardInput.Close();
        }

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout ?? TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', info.ArgumentList)} did not finish in time");
        }

        return new ProcessResult(process.ExitCode, await stdout, await stderr);
    }

    private static string Install()
    {
        var bin = RepoPaths.Combine(".tools", "bin");
        if (File.Exists(Path.Combine(bin, "kubectl")) && File.Exists(Path.Combine(bin, "helm")))
        {
            return bin;
        }

        var result = RunAsync("bash", [RepoPaths.Combine("tools", "install-cli-tools.sh")], timeout: TimeSpan.FromMinutes(5))
            .GetAwaiter().GetResult();
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"tools/install-cli-tools.sh failed: {result.StandardError}");
        }

        return bin;
    }
}

public sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError);
