using System.Net;
using System.Text;
using CrossAccountStreams.Operator.Aws;
using CrossAccountStreams.Operator.Aws.Credentials;
using CrossAccountStreams.Operator.Aws.Lambda;
using CrossAccountStreams.Operator.Aws.Telemetry;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CrossAccountStreams.Operator.Tests.Aws.Lambda;

/// <summary>A Lambda client over a scripted HTTP handler, with fixed credentials and a fake clock.</summary>
public sealed class LambdaTestKit
{
    public static readonly AwsScope Scope = new(
        new AwsAccountAccess("222222222222", "arn:aws:iam::222222222222:role/stream-subscription-target", "target-external-id", "eu-west-1"),
        new SessionContext("orders", "orders-to-processor"));

    public static readonly TemporaryCredentials Session = new("ASIATESTACCESSKEY", "secret", "session-token-value", DateTimeOffset.MaxValue);

    public LambdaTestKit(int maxAttempts = 3, double jitter = 1.0)
    {
        var options = Options.Create(new AwsOptions { MaxAttempts = maxAttempts, BaseBackoff = TimeSpan.FromMilliseconds(500), MaxBackoff = TimeSpan.FromSeconds(20) });
        Handler = new ScriptedHandler(Time);
        Api = new LambdaApiClient(
            new SingleClientFactory(new HttpClient(Handler)),
            new FixedCredentials(),
            new AwsEndpointResolver(options, name => name == "AWS_ENDPOINT_URL_LAMBDA" ? "http://127.0.0.1:4566" : null),
            new RetryBackoff(options, () => jitter),
            Time,
            new AwsCallTelemetry(NullLogger<AwsCallTelemetry>.Instance, Metrics));
        Mappings = new EventSourceMappingClient(Api);
        Functions = new FunctionConfigurationReader(Api);
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 26, 12, 30, 0, TimeSpan.Zero));

    public ScriptedHandler Handler { get; }

    public RecordingMetrics Metrics { get; } = new();

    public LambdaApiClient Api { get; }

    public EventSourceMappingClient Mappings { get; }

    public FunctionConfigurationReader Functions { get; }

    /// <summary>Runs a call while moving the fake clock forward, so back-off delays elapse (bounded).</summary>
    public async Task<T> RunAsync<T>(Func<Task<T>> call)
    {
        var task = call();
        for (var i = 0; i < 2000 && !task.IsCompleted; i++)
        {
            await Task.Delay(1);
            Time.Advance(TimeSpan.FromMilliseconds(100));
        }

        return await task;
    }

    public static HttpResponseMessage Json(HttpStatusCode status, string body, string? errorType = null)
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (errorType is not null)
        {
            response.Headers.TryAddWithoutValidation("x-amzn-ErrorType", errorType + ":http://internal.amazon.com/coral/com.amazonaws.lambda/");
        }

        return response;
    }

    private sealed class FixedCredentials : IAccountCredentialsProvider
    {
        public Task<TemporaryCredentials> GetAsync(AwsScope scope, CancellationToken cancellationToken) => Task.FromResult(Session);
    }

    private sealed class SingleClientFactory(HttpClient client) : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => client;
    }
}

/// <summary>Answers requests from a script and remembers each request with its body and the (fake) time it arrived.</summary>
public sealed class ScriptedHandler(TimeProvider time) : HttpMessageHandler
{
    private readonly Queue<Func<HttpResponseMessage>> script = new();

    public List<(HttpRequestMessage Request, string? Body, DateTimeOffset At)> Requests { get; } = [];

    public ScriptedHandler Then(Func<HttpResponseMessage> response)
    {
        script.Enqueue(response);
        return this;
    }

    public ScriptedHandler Then(HttpStatusCode status, string body, string? errorType = null) =>
        Then(() => LambdaTestKit.Json(status, body, errorType));

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        Requests.Add((request, body, time.GetUtcNow()));
        return script.Count > 0 ? script.Dequeue()() : throw new InvalidOperationException("No scripted response left.");
    }
}

public sealed class RecordingMetrics : IAwsCallMetrics
{
    public List<(string Service, string Operation, string Outcome)> Calls { get; } = [];

    public void Record(string service, string operation, string outcome) => Calls.Add((service, operation, outcome));
}
