using Microsoft.Extensions.Options;

namespace CrossAccountStreams.Operator.Aws;

/// <summary>
/// Where each service is reached. The AWS SDK clients (STS, DynamoDB) already honour <c>AWS_ENDPOINT_URL</c> and
/// <c>AWS_ENDPOINT_URL_&lt;SERVICE&gt;</c> themselves, so for them only the explicit <see cref="AwsOptions.EndpointUrl"/>
/// is added; the hand-written Lambda client gets the same variables resolved here.
/// </summary>
public sealed class AwsEndpointResolver
{
    private readonly AwsOptions options;
    private readonly Func<string, string?> environment;

    public AwsEndpointResolver(IOptions<AwsOptions> options)
        : this(options, Environment.GetEnvironmentVariable)
    {
    }

    internal AwsEndpointResolver(IOptions<AwsOptions> options, Func<string, string?> environment)
    {
        this.options = options.Value;
        this.environment = environment;
    }

    /// <summary>The endpoint to force on an SDK client, or null to let the SDK resolve it (environment included).</summary>
    public Uri? SdkServiceUrl => options.EndpointUrl;

    /// <summary>
    /// Lambda's endpoint for <paramref name="region"/>: the configured endpoint, else <c>AWS_ENDPOINT_URL_LAMBDA</c>,
    /// else <c>AWS_ENDPOINT_URL</c> (both ignored when <c>AWS_IGNORE_CONFIGURED_ENDPOINT_URLS</c> is true), else the
    /// Regional endpoint.
    /// </summary>
    public Uri LambdaEndpoint(string region)
    {
        if (options.EndpointUrl is { } configured)
        {
            return configured;
        }

        var ignore = string.Equals(environment("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"), "true", StringComparison.OrdinalIgnoreCase);
        if (!ignore)
        {
            foreach (var variable in (string[])["AWS_ENDPOINT_URL_LAMBDA", "AWS_ENDPOINT_URL"])
            {
                var value = environment(variable);
                if (!string.IsNullOrWhiteSpace(value))
                {
                    return Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri)
                        ? uri
                        : throw new InvalidOperationException($"{variable} is not an absolute URL: '{value}'.");
                }
            }
        }

        var suffix = region.StartsWith("cn-", StringComparison.Ordinal) ? "amazonaws.com.cn" : "amazonaws.com";
        return new Uri($"https://lambda.{region}.{suffix}");
    }
}
