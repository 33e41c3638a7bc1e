using CrossAccountStreams.Operator.Kubernetes;
using k8s;
using Microsoft.Extensions.Options;
using Serilog;

namespace CrossAccountStreams.Operator.Hosting;

/// <summary>Builds the operator process: configuration, Serilog, Kestrel on the metrics and health ports, the runtime.</summary>
public static class OperatorHost
{
    private const string ClusterNameForAws = "Aws:ClusterName";

    /// <param name="settings">Configuration from the command line; wins over environment variables and appsettings.json.</param>
    /// <param name="configureServices">Registers the reconcilers (and, in tests, replacements).</param>
    public static WebApplication Build(
        IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection, IConfiguration>? configureServices = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = [],
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.AddInMemoryCollection(settings);

        // The AWS side tags its sessions with the cluster name; one setting feeds both unless Aws:ClusterName is set.
        if (builder.Configuration[ClusterNameForAws] is null && builder.Configuration[$"{OperatorOptions.SectionName}:ClusterName"] is { } clusterName)
        {
            builder.Configuration.AddInMemoryCollection([new(ClusterNameForAws, clusterName)]);
        }

        // Read once here for the listeners; the same values are validated on start.
        var options = builder.Configuration.GetSection(OperatorOptions.SectionName).Get<OperatorOptions>() ?? new OperatorOptions();
        var validation = new OperatorOptionsValidator().Validate(null, options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(OperatorOptions.SectionName, typeof(OperatorOptions), validation.Failures);
        }

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            if (options.ListenAddress is "*" or "")
            {
                kestrel.ListenAnyIP(options.MetricsPort);
                kestrel.ListenAnyIP(options.HealthPort);
            }
            else
            {
                var address = System.Net.IPAddress.Parse(options.ListenAddress);
                kestrel.Listen(address, options.MetricsPort);
                kestrel.Listen(address, options.HealthPort);
            }
        });
        // Resolve the API server before starting anything, so a missing kubeconfig is one clear error, not a failed start.
        var kubernetes = KubernetesClientFactory.BuildConfiguration(options.Kubeconfig);
        builder.Services.AddSingleton<IKubernetes>(_ => new k8s.Kubernetes(kubernetes));

        builder.Logging.ClearProviders();
        builder.Services.AddSerilog(
            (services, logger) => OperatorLogging.Configure(logger, services.GetRequiredService<IOptions<OperatorOptions>>().Value),
            preserveStaticLogger: true);
        builder.Services.AddOperatorRuntime(builder.Configuration);
        configureServices?.Invoke(builder.Services, builder.Configuration);

        var app = builder.Build();

        // Listen from the start: meters only report what happens while someone listens.
        app.Services.GetRequiredService<PrometheusExporter>();
        app.MapOperatorEndpoints(options);
        return app;
    }
}
