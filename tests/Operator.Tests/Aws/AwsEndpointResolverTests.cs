using CrossAccountStreams.Operator.Aws;
using Microsoft.Extensions.Options;

namespace CrossAccountStreams.Operator.Tests.Aws;

public sealed class AwsEndpointResolverTests
{
    [Theory]
    [InlineData("no configuration", null, null, null, null, "https://lambda.eu-west-1.amazonaws.com/")]
    [InlineData("the general variable", null, "http://localhost:4566", null, null, "http://localhost:4566/")]
    [InlineData("the Lambda variable wins over the general one", null, "http://localhost:4566", "http://localhost:9001", null, "http://localhost:9001/")]
    [InlineData("configuration wins over variables", "http://127.0.0.1:7000", "http://localhost:4566", "http://localhost:9001", null, "http://127.0.0.1:7000/")]
    [InlineData("variables can be ignored", null, "http://localhost:4566", "http://localhost:9001", "true", "https://lambda.eu-west-1.amazonaws.com/")]
    public void The_Lambda_endpoint_comes_from_configuration_then_environment_then_the_Region(
        string situation, string? configured, string? general, string? lambda, string? ignore, string expected)
    {
        var environment = new Dictionary<string, string?>
        {
            ["AWS_ENDPOINT_URL"] = general,
            ["AWS_ENDPOINT_URL_LAMBDA"] = lambda,
            ["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"] = ignore,
        };
        var resolver = new AwsEndpointResolver(
            Options.Create(new AwsOptions { EndpointUrl = configured is null ? null : new Uri(configured) }), name => environment.GetValueOrDefault(name));

        Assert.True(expected == resolver.LambdaEndpoint("eu-west-1").ToString(), situation);
    }

    [Fact]
    public void China_Regions_use_their_own_domain()
    {
        var resolver = new AwsEndpointResolver(Options.Create(new AwsOptions()), _ => null);

        Assert.Equal("https://lambda.cn-north-1.amazonaws.com.cn/", resolver.LambdaEndpoint("cn-north-1").ToString());
    }

    [Fact]
    public void A_malformed_variable_is_reported_by_name()
    {
        var resolver = new AwsEndpointResolver(Options.Create(new AwsOptions()), name => name == "AWS_ENDPOINT_URL" ? "not a url" : null);

        var error = Assert.Throws<InvalidOperationException>(() => resolver.LambdaEndpoint("eu-west-1"));
        Assert.Contains("AWS_ENDPOINT_URL", error.Message, StringComparison.Ordinal);
    }
}
