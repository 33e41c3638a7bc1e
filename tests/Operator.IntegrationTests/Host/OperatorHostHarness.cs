using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using CrossAccountStreams.Entities.V1Alpha1;
using CrossAccountStreams.Operator.Hosting;
using CrossAccountStreams.Operator.Runtime;
using k8s;
using k8s.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace CrossAccountStreams.Operator.IntegrationTests.Host;

/// <summary>Runs the real operator host (configuration, Kestrel, runtime) against LocalKube with recording reconcilers.</summary>
public sealed class OperatorHostHarness : IAsyncDisposable
{
    private readonly WebApplication app;
    private bool stopped;

    private OperatorHostHarness(WebApplication app, int metricsPort, int healthPort, RecordingReconciler<V1Alpha1StreamSubscription> subscriptions)
    {
        this.app = app;
        MetricsPort = metricsPort;
        HealthPort = healthPort;
        Subscriptions = subscriptions;
    }

    public int MetricsPort { get; }

    public int HealthPort { get; }

    public RecordingReconciler<V1Alpha1StreamSubscription> Subscriptions { get; }

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(10) };

    public IServiceProvider Services => app.Services;

    public static async Task<OperatorHostHarness> StartAsync(string kubeconfig, IDictionary<string, string?>? extra = null)
    {
        var metricsPort = FreePort();
        var healthPort = FreePort();
        var settings = new Dictionary<string, string?>
        {
            ["Operator:Kubeconfig"] = kubeconfig,
            ["Operator:MetricsPort"] = metricsPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Operator:HealthPort"] = healthPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Operator:ListenAddress"] = "127.0.0.1",
            ["Operator:LogFormat"] = "text",
            ["Operator:LogLevel"] = "Warning",
            ["Operator:ShutdownTimeout"] = "5s",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var subscriptions = new RecordingReconciler<V1Alpha1StreamSubscription>();
        var app = OperatorHost.Build(settings, (services, _) =>
        {
            services.AddSingleton<IReconciler<V1Alpha1StreamSubscription>>(subscriptions);
            services.AddSingleton<IReconciler<V1Alpha1AwsAccount>>(new RecordingReconciler<V1Alpha1AwsAccount>());
        });
        await app.StartAsync();
        return new OperatorHostHarness(app, metricsPort, healthPort, subscriptions);
    }

    public Task<HttpResponseMessage> GetHealthAsync(string path) => Http.GetAsync(new Uri($"http://127.0.0.1:{HealthPort}{path}"));

    public Task<HttpResponseMessage> GetMetricsPortAsync(string path) => Http.GetAsync(new Uri($"http://127.0.0.1:{MetricsPort}{path}"));

    public async Task<string> ReadinessAsync()
    {
        using var response = await GetHealthAsync("/readyz");
        return await response.Content.ReadAsStringAsync();
    }

    public async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            using var response = await GetHealthAsync("/readyz");
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"The host was not ready after {timeout}: {await response.Content.ReadAsStringAsync()}");
            }

            await Task.Delay(50);
        }
    }

    public async Task StopAsync()
    {
        if (!stopped)
        {
            stopped = true;
            await app.StopAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await app.DisposeAsync();
        Http.Dispose();
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>A reconciler that only records which keys it was asked to reconcile.</summary>
public sealed class RecordingReconciler<TEntity> : IReconciler<TEntity>
    where TEntity : IKubernetesObject<V1ObjectMeta>
{
    private readonly ConcurrentQueue<ObjectKey> keys = new();

    public IReadOnlyCollection<ObjectKey> Keys => [.. keys];

    public int Count(ObjectKey key) => keys.Count(k => k == key);

    /// <summary>What a reconcile does after it is recorded; nothing by default.</summary>
    public Func<ObjectKey, CancellationToken, Task>? Behaviour { get; set; }

    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        keys.Enqueue(key);
        if (Behaviour is { } behaviour)
        {
            await behaviour(key, cancellationToken);
        }

        return ReconcileResult.Done;
    }
}
