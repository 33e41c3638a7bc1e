using CrossAccountStreams.Operator.Hosting;

namespace CrossAccountStreams.Operator.Tests.Hosting;

public sealed class OperatorOptionsValidatorTests
{
    private static IEnumerable<string> Errors(Action<OperatorOptions> change)
    {
        var options = new OperatorOptions();
        change(options);
        return new OperatorOptionsValidator().Validate(null, options).Failures ?? [];
    }

    [Fact]
    public void The_defaults_are_valid()
    {
        Assert.Empty(Errors(_ => { }));
    }

    public static TheoryData<string, Action<OperatorOptions>, string> BadSettings => new()
    {
        { "zero workers", o => o.Concurrency = 0, "Operator:Concurrency must be between 1 and 64 (got 0)." },
        { "unreadable resync", o => o.Resync = "often", "Operator:Resync must be a duration such as 90s, 10m, 1h or 00:10:00 (got 'often')." },
        { "port out of range", o => o.MetricsPort = 70000, "Operator:MetricsPort must be between 1 and 65535 (got 70000)." },
        { "same port twice", o => o.HealthPort = 8080, "Operator:MetricsPort and Operator:HealthPort must differ (both 8080)." },
        { "unknown log format", o => o.LogFormat = "xml", "Operator:LogFormat must be json, text or auto (got 'xml')." },
        { "missing kubeconfig", o => o.Kubeconfig = "/nonexistent/kubeconfig", "Operator:Kubeconfig names a file that does not exist: /nonexistent/kubeconfig." },
        { "renew longer than lease", o => o.LeaderElection.RenewDeadline = "20s", "Operator:LeaderElection:LeaseDuration (15s) must be longer than RenewDeadline (20s)." },
        { "lease of a minute", o => { o.LeaderElection.LeaseDuration = "60s"; }, "Operator:LeaderElection:LeaseDuration must be under 60s (got 60s)." },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public void A_bad_setting_is_reported_by_name_with_the_value_given(string _, Action<OperatorOptions> change, string error)
    {
        Assert.Contains(error, Errors(change));
    }

    [Theory]
    [InlineData("json", false, true)]
    [InlineData("text", true, false)]
    [InlineData("auto", true, true)]
    [InlineData("auto", false, false)]
    public void Auto_log_format_writes_json_only_when_output_is_not_a_terminal(string format, bool redirected, bool json)
    {
        Assert.Equal(json, OperatorLogging.UseJson(format, redirected));
    }
}
