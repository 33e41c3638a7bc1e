using CrossAccountStreams.Operator.Hosting;
using CrossAccountStreams.Sandbox.Operator;

namespace CrossAccountStreams.Sandbox.Tests.Operator;

public sealed class OperatorLaunchTests
{
    private static readonly OperatorLaunch Launch =
        OperatorLaunch.Create("/state/kubeconfig", new Uri("http://127.0.0.1:4566/"), "eu-west-1", metricsPort: 18080, healthPort: 18081);

    [Fact]
    public void The_operator_accepts_every_flag_the_sandbox_passes()
    {
        var parsed = OperatorCommandLine.Parse(Launch.Arguments);

        Assert.Null(parsed.Error);
        Assert.Equal("/state/kubeconfig", parsed.Settings["Operator:Kubeconfig"]);
        Assert.Equal("18080", parsed.Settings["Operator:MetricsPort"]);
        Assert.Equal("18081", parsed.Settings["Operator:HealthPort"]);
        Assert.Equal("false", parsed.Settings["Operator:LeaderElect"]);
    }

    [Fact]
    public void AWS_is_configured_through_the_standard_environment_pointing_at_the_emulator()
    {
        Assert.Equal("http://127.0.0.1:4566", Launch.Environment["AWS_ENDPOINT_URL"]);
        Assert.Equal("eu-west-1", Launch.Environment["AWS_REGION"]);
        Assert.Equal(LocalAws.DefaultWorld.OperatorAccessKeyId, Launch.Environment["AWS_ACCESS_KEY_ID"]);
        Assert.Equal(LocalAws.DefaultWorld.OperatorSecretAccessKey, Launch.Environment["AWS_SECRET_ACCESS_KEY"]);
    }

    [Theory]
    [InlineData("AWS_PROFILE", true)]
    [InlineData("AWS_SESSION_TOKEN", true)]
    [InlineData("AWS_ENDPOINT_URL_LAMBDA", true)]
    [InlineData("aws_profile", true)]
    [InlineData("KUBECONFIG", false)]
    [InlineData("PATH", false)]
    public void The_shells_own_AWS_settings_are_not_inherited(string variable, bool removed)
    {
        Assert.Equal(removed, OperatorLaunch.IsInheritedAwsSetting(variable));
    }
}
