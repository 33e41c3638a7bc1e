namespace CrossAccountStreams.Delivery.Tests.Chart;

public sealed class ValuesSchemaTests
{
    [Theory]
    [InlineData("replicas: 0", "/replicas")]
    [InlineData("replicas: two", "/replicas")]
    [InlineData("logFormat: xml", "/logFormat")]
    [InlineData("logLevel: Chatty", "/logLevel")]
    [InlineData("resyncPeriod: soon", "/resyncPeriod")]
    [InlineData("resyncPeriod: 500ms", "/resyncPeriod")]
    [InlineData("resyncPeriod: 0s", "/resyncPeriod")]
    [InlineData("concurrency: 0", "/concurrency")]
    [InlineData("concurrency: 65", "/concurrency")]
    [InlineData("replica: 2", "'replica'")]
    [InlineData("leaderElection:\n  enabled: sometimes", "/leaderElection/enabled")]
    [InlineData("metrics:\n  port: 80", "/metrics/port")]
    [InlineData("image:\n  pullPolicy: Sometimes", "/image/pullPolicy")]
    [InlineData("serviceMonitor:\n  enable: true", "'enable'")]
    [InlineData("watchNamespace: Team_A", "/watchNamespace")]
    public async Task A_bad_value_fails_the_install_naming_the_field(string values, string field)
    {
        var result = await ChartRenderer.TemplateAsync(values);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("schema", result.StandardError, StringComparison.Ordinal);
        Assert.Contains(field, result.StandardError, StringComparison.Ordinal);
        Assert.Empty(result.StandardOutput);
    }

    [Theory]
    [InlineData("replicas: 2\nleaderElection:\n  enabled: false", "leaderElection.enabled")]
    [InlineData("serviceAccount:\n  create: false", "serviceAccount.name")]
    [InlineData("metrics:\n  port: 9000\nhealth:\n  port: 9000", "metrics.port and health.port must differ")]
    public async Task A_contradictory_combination_fails_the_install_naming_the_field(string values, string field)
    {
        var result = await ChartRenderer.TemplateAsync(values);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(field, result.StandardError, StringComparison.Ordinal);
    }
}
