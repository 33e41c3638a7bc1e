using System.Diagnostics;
using CrossAccountStreams.Operator.Hosting;

namespace CrossAccountStreams.Operator.IntegrationTests.Host;

/// <summary>The operator executable as a user runs it: flags in, exit code and message out.</summary>
public sealed class ProgramTests
{
    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(typeof(OperatorHost).Assembly.Location);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    [Theory]
    [InlineData(new[] { "--concurrency", "four" }, "error: flag --concurrency needs a whole number (got 'four')")]
    [InlineData(new[] { "--watch-everything" }, "error: unknown flag --watch-everything")]
    [InlineData(new[] { "--metrics-port", "9000", "--health-port", "9000" }, "error: Operator:MetricsPort and Operator:HealthPort must differ (both 9000).")]
    public async Task Bad_flags_exit_with_code_2_and_a_message_naming_the_problem(string[] args, string message)
    {
        var (exitCode, _, stderr) = await RunAsync(args);

        Assert.Equal(2, exitCode);
        Assert.Contains(message, stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_lists_the_flags_and_exits_0()
    {
        var (exitCode, stdout, _) = await RunAsync("--help");

        Assert.Equal(0, exitCode);
        Assert.Contains("--leader-elect", stdout, StringComparison.Ordinal);
    }
}
