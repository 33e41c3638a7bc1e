using CrossAccountStreams.Sandbox.Hosting;

namespace CrossAccountStreams.Sandbox.Tests.Hosting;

public sealed class SandboxCommandLineTests
{
    [Fact]
    public void No_flags_run_the_live_sandbox_on_the_well_known_ports()
    {
        var result = SandboxCommandLine.Parse([]);

        Assert.Null(result.Error);
        Assert.False(result.Options.Once);
        Assert.Equal(6443, result.Options.KubePort);
        Assert.Equal(4566, result.Options.AwsPort);
        Assert.Null(result.Options.StateDirectory);
    }

    [Fact]
    public void Flags_take_values_after_a_space_or_an_equals_sign()
    {
        var result = SandboxCommandLine.Parse(["--once", "--state-dir", "/tmp/s", "--kube-port=0", "--aws-port", "0", "--ready-timeout=30", "--delivery-timeout", "45"]);

        Assert.Null(result.Error);
        Assert.True(result.Options.Once);
        Assert.Equal("/tmp/s", result.Options.StateDirectory);
        Assert.Equal(0, result.Options.KubePort);
        Assert.Equal(0, result.Options.AwsPort);
        Assert.Equal(TimeSpan.FromSeconds(30), result.Options.ReadyTimeout);
        Assert.Equal(TimeSpan.FromSeconds(45), result.Options.DeliveryTimeout);
    }

    [Theory]
    [InlineData("an unknown flag is named", new[] { "--verbose" }, "--verbose")]
    [InlineData("a port out of range names the flag", new[] { "--kube-port", "70000" }, "--kube-port")]
    [InlineData("a negative port names the flag", new[] { "--aws-port=-1" }, "--aws-port")]
    [InlineData("a flag without its value names the flag", new[] { "--state-dir" }, "--state-dir")]
    [InlineData("a timeout of zero names the flag", new[] { "--ready-timeout", "0" }, "--ready-timeout")]
    [InlineData("a timeout that is not a number names the flag", new[] { "--delivery-timeout", "soon" }, "--delivery-timeout")]
    [InlineData("--once with a value names the flag", new[] { "--once=yes" }, "--once")]
    [InlineData("a bare word is refused", new[] { "once" }, "once")]
    public void Bad_input_is_an_error_naming_what_is_wrong(string because, string[] args, string named)
    {
        var result = SandboxCommandLine.Parse(args);

        Assert.NotNull(result.Error);
        Assert.True(result.Error.Contains(named, StringComparison.Ordinal), because);
    }

    [Fact]
    public void Help_is_a_request_not_an_error()
    {
        var result = SandboxCommandLine.Parse(["--once", "--help"]);

        Assert.True(result.HelpRequested);
        Assert.Null(result.Error);
        Assert.Contains("--once", SandboxCommandLine.Usage, StringComparison.Ordinal);
    }
}
