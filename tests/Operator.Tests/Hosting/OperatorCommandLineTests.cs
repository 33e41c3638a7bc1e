using CrossAccountStreams.Operator.Hosting;

namespace CrossAccountStreams.Operator.Tests.Hosting;

public sealed class OperatorCommandLineTests
{
    [Theory]
    [InlineData(new[] { "--kubeconfig", "/tmp/kc" }, "Operator:Kubeconfig", "/tmp/kc")]
    [InlineData(new[] { "--namespace", "team-a" }, "Operator:Namespace", "team-a")]
    [InlineData(new[] { "--namespace=" }, "Operator:Namespace", "")]
    [InlineData(new[] { "--concurrency", "8" }, "Operator:Concurrency", "8")]
    [InlineData(new[] { "--resync=90s" }, "Operator:Resync", "90s")]
    [InlineData(new[] { "--resync", "00:15:00" }, "Operator:Resync", "00:15:00")]
    [InlineData(new[] { "--leader-elect" }, "Operator:LeaderElect", "true")]
    [InlineData(new[] { "--leader-elect", "false" }, "Operator:LeaderElect", "false")]
    [InlineData(new[] { "--leader-elect=True" }, "Operator:LeaderElect", "true")]
    [InlineData(new[] { "--metrics-port", "9090" }, "Operator:MetricsPort", "9090")]
    [InlineData(new[] { "--health-port", "9091" }, "Operator:HealthPort", "9091")]
    [InlineData(new[] { "--log-level", "Debug" }, "Operator:LogLevel", "Debug")]
    [InlineData(new[] { "--log-format", "json" }, "Operator:LogFormat", "json")]
    [InlineData(new[] { "--cluster-name", "prod-eu" }, "Operator:ClusterName", "prod-eu")]
    [InlineData(new[] { "--shutdown-timeout", "45s" }, "Operator:ShutdownTimeout", "45s")]
    public void Each_flag_sets_its_setting(string[] args, string key, string value)
    {
        var result = OperatorCommandLine.Parse(args);

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(value, result.Settings[key]);
    }

    [Fact]
    public void The_cluster_name_also_reaches_the_AWS_session_tags()
    {
        var result = OperatorCommandLine.Parse(["--cluster-name", "prod-eu"]);

        Assert.Equal("prod-eu", result.Settings["Aws:ClusterName"]);
    }

    [Fact]
    public void A_bare_leader_elect_flag_followed_by_another_flag_switches_it_on()
    {
        var result = OperatorCommandLine.Parse(["--leader-elect", "--concurrency", "2"]);

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal("true", result.Settings["Operator:LeaderElect"]);
        Assert.Equal("2", result.Settings["Operator:Concurrency"]);
    }

    [Theory]
    [InlineData(new[] { "--verbose" }, "unknown flag --verbose")]
    [InlineData(new[] { "--concurrency" }, "flag --concurrency needs a value")]
    [InlineData(new[] { "--concurrency", "four" }, "flag --concurrency needs a whole number (got 'four')")]
    [InlineData(new[] { "--resync", "10" }, "flag --resync needs a duration such as 90s, 10m, 1h or 00:10:00 (got '10')")]
    [InlineData(new[] { "--leader-elect=yes" }, "flag --leader-elect needs true or false (got 'yes')")]
    [InlineData(new[] { "--log-format", "xml" }, "flag --log-format must be json, text or auto (got 'xml')")]
    [InlineData(new[] { "--log-level", "loud" }, "flag --log-level must be one of Verbose, Debug, Information, Warning, Error, Fatal (got 'loud')")]
    [InlineData(new[] { "run" }, "unexpected argument 'run': flags look like --name value")]
    [InlineData(new[] { "--kubeconfig", "--namespace", "a" }, "flag --kubeconfig needs a value")]
    public void A_bad_flag_is_an_error_naming_the_flag(string[] args, string error)
    {
        var result = OperatorCommandLine.Parse(args);

        Assert.False(result.Succeeded);
        Assert.Equal(error, result.Error);
    }

    [Fact]
    public void Help_is_recognised_and_the_usage_lists_every_flag()
    {
        Assert.True(OperatorCommandLine.Parse(["--help"]).HelpRequested);
        foreach (var flag in new[] { "--kubeconfig", "--namespace", "--concurrency", "--resync", "--leader-elect", "--metrics-port", "--health-port", "--log-level", "--log-format", "--cluster-name" })
        {
            Assert.Contains(flag, OperatorCommandLine.Usage, StringComparison.Ordinal);
        }
    }
}
