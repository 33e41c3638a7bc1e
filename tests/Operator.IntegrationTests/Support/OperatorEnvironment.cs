using System.Collections.Concurrent;
using System.Globalization;
using Amazon.Runtime;
using CrossAccountStreams.Entities;
using CrossAccountStreams.Entities.V1Alpha1;
using CrossAccountStreams.Operator.Aws;
using CrossAccountStreams.Operator.Aws.Credentials;
using CrossAccountStreams.Operator.Hosting;
using CrossAccountStreams.Operator.IntegrationTests.Host;
using CrossAccountStreams.Operator.Reconciliation;
using CrossAccountStreams.TestSupport;
using k8s;
using k8s.Models;
using LocalAws;
using LocalKube;
using LocalKube.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace CrossAccountStreams.Operator.IntegrationTests.Support;

/// <summary>
/// The whole operator as it runs in a cluster: the real host (Serilog, Kestrel, runtime, leader election when asked)
/// with the real reconcilers and AWS adapters, against LocalKube and LocalAws over the wire. The test's own
/// Kubernetes client sends a distinct User-Agent, so LocalKube's request stats tell the operator's requests apart.
/// </summary>
public sealed class OperatorEnvironment : IAsyncDisposable
{
    public const string ClusterName = "bad";
    public const string TestUserAgent = "operator-integration-tests/1.0";

    public static readonly string[] WriteOperations = LocalAwsHarness.WriteOperations;

    private readonly WebApplication app;
    private bool stopped;

    private OperatorEnvironment(LocalKubeServer kube, LocalAwsServer aws, WebApplication app, IKubernetes client, RecordingRoleAssumer assumer, int healthPort)
    {
        Kube = kube;
        Aws = aws;
        this.app = app;
        Client = client;
        RoleAssumer = assumer;
        HealthPort = healthPort;
    }

    public LocalKubeServer Kube { get; }

    public LocalAwsServer Aws { get; }

    /// <summary>The test's administrator client (its requests carry <see cref="TestUserAgent"/>).</summary>
    public IKubernetes Client { get; }

    /// <summary>Every set of credentials STS issued to the operator.</summary>
    public RecordingRoleAssumer RoleAssumer { get; }

    public int HealthPort { get; }

    /// <param name="seed">The LocalAws world; the default world when null.</param>
    /// <param name="settings">Extra or overriding configuration of the operator process.</param>
    /// <param name="namespaces">Namespaces that exist before the operator starts (e.g. the Lease's).</param>
    public static async Task<OperatorEnvironment> StartAsync(
        WorldSeed? seed = null, IDictionary<string, string?>? settings = null, IEnumerable<string>? namespaces = null)
    {
        var options = new LocalKubeOptions
        {
            Port = 0,
            CrdDirectory = RepoPaths.Combine("config", "crds"),
            BookmarkInterval = TimeSpan.FromSeconds(1),
        };
        foreach (var ns in namespaces ?? [])
        {
            options.Namespaces.Add(ns);
        }

        var kube = await LocalKubeServer.StartAsync(options);
        var aws = await LocalAwsServer.StartAsync(new LocalAwsOptions
        {
            Port = 0,
            Seed = seed,
            MappingTransitionDelay = TimeSpan.FromMilliseconds(150),
            RateLimitsEnabled = false,
        });
        var metricsPort = OperatorHostHarness.FreePort();
        var healthPort = OperatorHostHarness.FreePort();
        var configuration = new Dictionary<string, string?>
        {
            ["Operator:Kubeconfig"] = kube.KubeconfigPath,
            ["Operator:MetricsPort"] = metricsPort.ToString(CultureInfo.InvariantCulture),
            ["Operator:HealthPort"] = healthPort.ToString(CultureInfo.InvariantCulture),
            ["Operator:ListenAddress"] = "127.0.0.1",
            ["Operator:LogLevel"] = "Warning",
            ["Operator:LogFormat"] = "text",
            ["Operator:ClusterName"] = ClusterName,
            ["Operator:ShutdownTimeout"] = "5s",
            ["Aws:EndpointUrl"] = aws.Endpoint.ToString(),
            ["Reconciliation:ProgressRequeue"] = "00:00:00.200",
            ["Reconciliation:StalledRecheck"] = "00:00:30",
            ["Reconciliation:AccessDeniedGrace"] = "00:00:00",
            ["Reconciliation:InvalidPrincipalGrace"] = "00:00:00",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            configuration[key] = value;
        }

        var assumer = new RecordingRoleAssumer();
        var app = OperatorHost.Build(configuration, (services, config) =>
        {
            services.AddSingleton<IOperatorCredentialsSource>(new StaticCredentialsSource(
                new BasicAWSCredentials(DefaultWorld.OperatorAccessKeyId, DefaultWorld.OperatorSecretAccessKey)));
            services.AddSingleton<StsRoleAssumer>();
            services.AddSingleton<IRoleAssumer>(provider => assumer.Wrapping(provider.GetRequiredService<StsRoleAssumer>()));
            services.AddStreamSubscriptionReconciliation(config);
        });
        await app.StartAsync();
        var client = new k8s.Kubernetes(
            KubernetesClientConfiguration.BuildConfigFromConfigFile(kube.KubeconfigPath, currentContext: KubeconfigFile.AdminContext),
            new UserAgentHandler(TestUserAgent));
        return new OperatorEnvironment(kube, aws, app, client, assumer, healthPort);
    }

    public async Task<bool> IsHealthyAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{HealthPort}/readyz"));
        return response.IsSuccessStatusCode;
    }

    public Task CreateNamespaceAsync(string name, IDictionary<string, string>? labels = null) =>
        Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = name, Labels = labels } });

    public Task CreateAccountAsync(object account, string? fieldValidation = null) =>
        Client.CustomObjects.CreateClusterCustomObjectAsync(account, ApiGroup.Name, ApiGroup.Version, V1Alpha1AwsAccount.Plural, fieldValidation: fieldValidation);

    public Task CreateSubscriptionAsync(string ns, object subscription, string? fieldValidation = null) =>
        Client.CustomObjects.CreateNamespacedCustomObjectAsync(subscription, ApiGroup.Name, ApiGroup.Version, ns, V1Alpha1StreamSubscription.Plural, fieldValidation: fieldValidation);

    public Task<V1Alpha1StreamSubscription> GetSubscriptionAsync(string ns, string name) =>
        Client.CustomObjects.GetNamespacedCustomObjectAsync<V1Alpha1StreamSubscription>(ApiGroup.Name, ApiGroup.Version, ns, V1Alpha1StreamSubscription.Plural, name);

    public Task<V1Alpha1AwsAccount> GetAccountAsync(string name) =>
        Client.CustomObjects.GetClusterCustomObjectAsync<V1Alpha1AwsAccount>(ApiGroup.Name, ApiGroup.Version, V1Alpha1AwsAccount.Plural, name);

    /// <summary>The AWS calls made with a session of one subscription (session names are CLUSTER.NAMESPACE.NAME).</summary>
    public IReadOnlyList<CallRecord> CallsFor(string ns, string name) =>
        [.. Aws.World.Calls.Where(c => c.CallerArn?.EndsWith($"/{ClusterName}.{ns}.{name}", StringComparison.Ordinal) == true)];

    public IReadOnlyList<CallRecord> Writes() => [.. Aws.World.Calls.Where(c => WriteOperations.Contains(c.Operation))];

    public static V1Condition? Condition(V1Alpha1StreamSubscription subscription, string type) =>
        subscription.Status?.Conditions?.FirstOrDefault(c => c.Type == type);

    public static bool IsReady(V1Alpha1StreamSubscription subscription) =>
        Condition(subscription, ConditionTypes.Ready)?.Status == "True" && subscription.Status.ObservedGeneration == subscription.Metadata.Generation;

    public static bool IsStalled(V1Alpha1StreamSubscription subscription) =>
        Condition(subscription, ConditionTypes.Stalled)?.Status == "True" && Condition(subscription, ConditionTypes.Ready)?.Status == "False";

    /// <summary>Polls a subscription until <paramref name="done"/> holds or the time is up; returns the last state seen.</summary>
    public async Task<V1Alpha1StreamSubscription> WaitForSubscriptionAsync(string ns, string name, Func<V1Alpha1StreamSubscription, bool> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var current = await GetSubscriptionAsync(ns, name);
            if (done(current) || DateTime.UtcNow > deadline)
            {
                return current;
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Stops the operator (a graceful shutdown, as on SIGTERM) and leaves LocalKube and LocalAws running.</summary>
    public async Task StopOperatorAsync()
    {
        if (!stopped)
        {
            stopped = true;
            await app.StopAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopOperatorAsync();
        }
        finally
        {
            await app.DisposeAsync();
            Client.Dispose();
            await Aws.DisposeAsync();
            await Kube.DisposeAsync();
        }
    }

    private sealed class UserAgentHandler(string agent) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.UserAgent.Clear();
            request.Headers.UserAgent.ParseAdd(agent);
            return base.SendAsync(request, cancellationToken);
        }
    }
}

/// <summary>Passes STS calls through to the operator's real role assumer and keeps every credential it was issued.</summary>
public sealed class RecordingRoleAssumer
{
    private readonly ConcurrentQueue<TemporaryCredentials> issued = new();

    public IReadOnlyCollection<TemporaryCredentials> Issued => [.. issued];

    public IRoleAssumer Wrapping(IRoleAssumer inner) => new Recorder(inner, issued);

    private sealed class Recorder(IRoleAssumer inner, ConcurrentQueue<TemporaryCredentials> issued) : IRoleAssumer
    {
        public async Task<TemporaryCredentials> AssumeRoleAsync(AssumeRoleInput input, CancellationToken cancellationToken)
        {
            var credentials = await inner.AssumeRoleAsync(input, cancellationToken);
            issued.Enqueue(credentials);
            return credentials;
        }

        public Task<CallerIdentity> GetCallerIdentityAsync(AwsAccountAccess account, TemporaryCredentials credentials, CancellationToken cancellationToken) =>
            inner.GetCallerIdentityAsync(account, credentials, cancellationToken);
    }
}
