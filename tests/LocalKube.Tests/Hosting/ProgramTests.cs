using System.Diagnostics;
using System.Globalization;
using CrossAccountStreams.TestSupport;

namespace LocalKube.Tests.Hosting;

/// <summary>The LocalKube executable: serves with the given CRDs and kubeconfig until SIGTERM.</summary>
public sealed class ProgramTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("localkube-host-").FullName;

    [Fact]
    public async Task The_host_serves_the_CRDs_through_its_kubeconfig_and_stops_cleanly_on_SIGTERM()
    {
        var kubeconfig = Path.Combine(_directory, "kubeconfig");
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "LocalKube.dll"), "--port", "0", "--crds", RepoPaths.Combine("config", "crds"), "--kubeconfig", kubeconfig })
        {
            info.ArgumentList.Add(argument);
        }

        using var host = Process.Start(info)!;
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            string? line;
            do
            {
                line = await host.StandardOutput.ReadLineAsync(timeout.Token);
            }
            while (line is not null && !line.StartsWith("LocalKube listening on https://127.0.0.1:", StringComparison.Ordinal));

            Assert.NotNull(line);
            var result = await CliTools.RunAsync(CliTools.Kubectl, ["get", "streamsubscriptions", "-A"], new Dictionary<string, string>
            {
                ["KUBECONFIG"] = kubeconfig,
                ["KUBECACHEDIR"] = Path.Combine(_directory, "cache"),
            });
            Assert.Equal(0, result.ExitCode);
            Assert.Equal("No resources found", result.StandardError.Trim());

            var stop = await CliTools.RunAsync("kill", ["-TERM", host.Id.ToString(CultureInfo.InvariantCulture)]);
            Assert.Equal(0, stop.ExitCode);
            await host.WaitForExitAsync(timeout.Token);
            Assert.Equal(0, host.ExitCode);
        }
        finally
        {
            if (!host.HasExited)
            {
                host.Kill(entireProcessTree: true);
            }
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }
}
