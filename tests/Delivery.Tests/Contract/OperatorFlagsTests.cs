using CrossAccountStreams.Delivery.Tests.Chart;
using CrossAccountStreams.Delivery.Tests.Manifests;
using CrossAccountStreams.Operator.Hosting;
using CrossAccountStreams.TestSupport;
using Microsoft.Extensions.Configuration;

namespace CrossAccountStreams.Delivery.Tests.Contract;

/// <summary>
/// The args the chart and kustomize give the container go through the operator's own command-line parser and
/// settings validator: a manifest that would make the operator exit at start-up fails here.
/// </summary>
public sealed class OperatorFlagsTests
{
    [Fact]
    public async Task The_operator_accepts_the_chart_default_args()
    {
        var options = Start(await ChartRenderer.RenderAsync());

        Assert.Null(options.Namespace);
        Assert.Equal(4, options.Concurrency);
        Assert.Equal("10m", options.Resync);
        Assert.False(options.LeaderElect);
        Assert.Equal((8080, 8081), (options.MetricsPort, options.HealthPort));
        Assert.Equal(("Information", "json"), (options.LogLevel, options.LogFormat));
    }

    [Fact]
    public async Task The_operator_accepts_the_chart_args_for_one_namespace_and_two_replicas()
    {
        var options = Start(await ChartRenderer.RenderAsync(ChartValues.NonDefault));

        Assert.Equal("team-a", options.Namespace);
        Assert.Equal(8, options.Concurrency);
        Assert.Equal("5m", options.Resync);
        Assert.True(options.LeaderElect);
        Assert.Equal((9090, 9091), (options.MetricsPort, options.HealthPort));
        Assert.Equal(("Debug", "text"), (options.LogLevel, options.LogFormat));
        Assert.Equal("prod-eu", options.ClusterName);
    }

    [Theory]
    [InlineData("logLevel: Verbose")]
    [InlineData("logLevel: Fatal")]
    [InlineData("logFormat: auto")]
    [InlineData("resyncPeriod: 1h30m")]
    [InlineData("resyncPeriod: 1s")]
    [InlineData("concurrency: 64")]
    public async Task Every_value_the_schema_allows_starts_the_operator(string values)
    {
        Start(await ChartRenderer.RenderAsync(values));
    }

    [Fact]
    public async Task The_operator_accepts_the_kustomize_args()
    {
        var result = await CliTools.RunAsync(CliTools.Kubectl, ["kustomize", RepoPaths.Combine("config", "default")]);
        Assert.True(result.ExitCode == 0, result.StandardError);

        var options = Start(new Manifest(YamlDocuments.Parse(result.StandardOutput)));

        Assert.False(options.LeaderElect);
        Assert.Equal(8081, options.HealthPort);
    }

    [Fact]
    public async Task The_pod_grace_period_outlasts_the_operator_s_own_graceful_stop_in_the_chart_and_in_kustomize()
    {
        var kustomized = await CliTools.RunAsync(CliTools.Kubectl, ["kustomize", RepoPaths.Combine("config", "default")]);
        Assert.True(kustomized.ExitCode == 0, kustomized.StandardError);

        foreach (var (name, manifest) in new[] { ("chart", await ChartRenderer.RenderAsync()), ("kustomize", new Manifest(YamlDocuments.Parse(kustomized.StandardOutput))) })
        {
            var options = Start(manifest);
            var grace = TimeSpan.FromSeconds((long)manifest.PodSpec()["terminationGracePeriodSeconds"]!);
            Assert.True(grace > options.HostShutdownTimeout, $"{name}: a {grace} grace period kills the operator before its {options.HostShutdownTimeout} graceful stop ends");
        }
    }

    private static OperatorOptions Start(Manifest manifest)
    {
        var args = manifest.OperatorContainer()["args"]!.AsArray().Select(a => (string)a!).ToList();
        var parsed = OperatorCommandLine.Parse(args);
        Assert.True(parsed.Succeeded, $"the operator rejects its args ({string.Join(' ', args)}): {parsed.Error}");

        var options = new ConfigurationBuilder().AddInMemoryCollection(parsed.Settings).Build()
            .GetSection(OperatorOptions.SectionName).Get<OperatorOptions>() ?? new OperatorOptions();
        var validation = new OperatorOptionsValidator().Validate(null, options);
        Assert.True(validation.Succeeded, $"the operator refuses its settings: {validation.FailureMessage}");
        return options;
    }
}
