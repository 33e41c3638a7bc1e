using System.Diagnostics;
using System.Runtime.InteropServices;
using CrossAccountStreams.Sandbox.Hosting;

namespace CrossAccountStreams.Sandbox.Operator;

/// <summary>
/// The operator as a child process (<c>dotnet CrossAccountStreams.Operator.dll</c>), its output appended to a log
/// file. Stopping sends SIGTERM, as Kubernetes does, and waits for a graceful shutdown before killing it.
/// </summary>
public sealed partial class OperatorProcess : IAsyncDisposable
{
    private static readonly TimeSpan GracePeriod = TimeSpan.FromSeconds(45);
    private readonly Process process;
    private readonly StreamWriter log;
    private readonly Lock logLock = new();

    private OperatorProcess(Process process, StreamWriter log)
    {
        this.process = process;
        this.log = log;
    }

    public int Id => process.Id;

    public bool HasExited => process.HasExited;

    public int? ExitCode => process.HasExited ? process.ExitCode : null;

    public static OperatorProcess Start(string operatorAssembly, OperatorLaunch launch, string logPath)
    {
        ArgumentNullException.ThrowIfNull(launch);
        var info = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(operatorAssembly)!,
        };
        info.ArgumentList.Add(operatorAssembly);
        foreach (var argument in launch.Arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var variable in info.Environment.Keys.Where(OperatorLaunch.IsInheritedAwsSetting).ToList())
        {
            info.Environment.Remove(variable);
        }

        foreach (var (name, value) in launch.Environment)
        {
            info.Environment[name] = value;
        }

        var log = new StreamWriter(new FileStream(logPath, FileMode.Create, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var started = new OperatorProcess(process, log);
        process.OutputDataReceived += (_, e) => started.Append(e.Data);
        process.ErrorDataReceived += (_, e) => started.Append(e.Data);
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            process.Dispose();
            log.Dispose();
            throw new SandboxSetupException($"Could not start the operator ({info.FileName} {operatorAssembly}): {ex.Message}", ex);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return started;
    }

    /// <summary>Sends SIGTERM (a kill on Windows), waits for the exit and returns the exit code.</summary>
    public async Task<int> StopAsync()
    {
        if (!process.HasExited)
        {
            // A Ctrl+C in a terminal reaches the operator too; then it is already on its way out.
            if (OperatingSystem.IsWindows() || Kill(process.Id, SignalTerminate) != 0)
            {
                KillNow();
            }

            using var grace = new CancellationTokenSource(GracePeriod);
            try
            {
                await process.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                KillNow();
                await process.WaitForExitAsync(CancellationToken.None);
            }
        }

        // Drains the redirected output before the log closes.
        process.WaitForExit();
        return process.ExitCode;
    }

    private void KillNow()
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited in the meantime.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        process.Dispose();
        lock (logLock)
        {
            log.Dispose();
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (logLock)
        {
            log.WriteLine(line);
        }
    }

    /// <summary>The dotnet host of the runtime running the sandbox, so the operator runs on the same runtime.</summary>
    private static string DotnetHost()
    {
        var executable = OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";
        if (Environment.ProcessPath is { } current && Path.GetFileName(current) == executable)
        {
            return current;
        }

        // .../dotnet/shared/Microsoft.NETCore.App/<version>/ -> .../dotnet/dotnet
        var runtime = new DirectoryInfo(RuntimeEnvironment.GetRuntimeDirectory());
        var root = runtime.Parent?.Parent?.Parent;
        var candidate = root is null ? null : Path.Combine(root.FullName, executable);
        return candidate is not null && File.Exists(candidate) ? candidate : executable;
    }

    private const int SignalTerminate = 15;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
