using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;

namespace CrossAccountStreams.Reliability.Tests.Operator;

/// <summary>
/// The real operator as a child process (<c>dotnet CrossAccountStreams.Operator.dll</c>, the build made with these
/// tests), its output appended to a shared log. <see cref="Kill"/> is <c>kill -9</c>: no shutdown, no drain, no
/// lease release, as when a node dies or the OOM killer strikes.
/// </summary>
public sealed class OperatorChild : IDisposable
{
    private readonly Process process;
    private readonly OperatorLog log;

    private OperatorChild(Process process, OperatorLog log)
    {
        this.process = process;
        this.log = log;
        StartedAt = DateTimeOffset.UtcNow;
    }

    public int Id => process.Id;

    public DateTimeOffset StartedAt { get; }

    public bool HasExited => process.HasExited;

    /// <summary>Where the operator was built, recorded in this assembly at build time.</summary>
    public static string Assembly { get; } = FindAssembly();

    public static OperatorChild Start(OperatorLaunch launch, OperatorLog log)
    {
        ArgumentNullException.ThrowIfNull(launch);
        ArgumentNullException.ThrowIfNull(log);
        var info = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(Assembly)!,
        };
        info.ArgumentList.Add(Assembly);
        foreach (var argument in launch.Arguments)
        {
            info.ArgumentList.Add(argument);
        }

        // Nothing of the surrounding shell may change who the operator is in AWS or where it calls.
        foreach (var variable in info.Environment.Keys.Where(k => k.StartsWith("AWS_", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            info.Environment.Remove(variable);
        }

        foreach (var (name, value) in launch.Environment)
        {
            info.Environment[name] = value;
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => log.Append(e.Data);
        process.ErrorDataReceived += (_, e) => log.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        log.Append($"===== operator process {process.Id} started =====");
        return new OperatorChild(process, log);
    }

    /// <summary>SIGKILL, now. Safe to call from any thread and more than once.</summary>
    public void Kill()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: false);
            }
        }
        catch (InvalidOperationException)
        {
            // It exited in the meantime.
        }
    }

    /// <summary>Kills the process and waits until it is gone, so the next one never overlaps with it.</summary>
    public async Task KillAndWaitAsync()
    {
        Kill();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        log.Append($"===== operator process {process.Id} killed =====");
    }

    public void Dispose()
    {
        Kill();
        process.WaitForExit(TimeSpan.FromSeconds(30));
        process.Dispose();
    }

    private static string FindAssembly()
    {
        var built = typeof(OperatorChild).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "OperatorAssembly")?.Value;
        return !string.IsNullOrEmpty(built) && File.Exists(built)
            ? built
            : throw new InvalidOperationException($"The operator was not found where it was built ('{built}'); build tests/Reliability.Tests again.");
    }

    /// <summary>The dotnet host running these tests, so the operator runs on the same runtime.</summary>
    private static string DotnetHost()
    {
        var executable = OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";
        if (Environment.ProcessPath is { } current && Path.GetFileName(current) == executable)
        {
            return current;
        }

        // .../dotnet/shared/Microsoft.NETCore.App/<version>/ -> .../dotnet/dotnet
        var root = new DirectoryInfo(RuntimeEnvironment.GetRuntimeDirectory()).Parent?.Parent?.Parent;
        var candidate = root is null ? null : Path.Combine(root.FullName, executable);
        return candidate is not null && File.Exists(candidate) ? candidate : executable;
    }
}
