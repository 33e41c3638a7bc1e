using CrossAccountStreams.TestSupport;

namespace CrossAccountStreams.Delivery.Tests.Chart;

public sealed class ChartLintTests
{
    [Theory]
    [InlineData("")]
    [InlineData(ChartValues.NonDefault)]
    public async Task Helm_lint_strict_passes(string values)
    {
        var valuesFile = Path.Combine(Path.GetTempPath(), $"delivery-lint-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(valuesFile, values);
        try
        {
            var result = await CliTools.RunAsync(
                CliTools.Helm, ["lint", "--strict", ChartRenderer.ChartPath, "--values", valuesFile], timeout: TimeSpan.FromMinutes(1));

            Assert.True(result.ExitCode == 0, $"helm lint --strict failed:\n{result.StandardOutput}\n{result.StandardError}");
            Assert.Contains("0 chart(s) failed", result.StandardOutput, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(valuesFile);
        }
    }
}
