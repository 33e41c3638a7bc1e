using System.Net;
using System.Text.Json.Nodes;
using k8s;
using LocalKube.Api;
using LocalKube.Faults;
using LocalKube.Hosting;
using LocalKube.Json;
using LocalKube.Resources;
using LocalKube.Storage;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace LocalKube;

/// <summary>
/// An in-process Kubernetes API server emulator on 127.0.0.1 over HTTPS, with a generated CA, bearer tokens and
/// kubeconfig, serving built-ins and the custom resources of the CRDs it is given.
/// </summary>
public sealed partial class LocalKubeServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ServerCertificates _certificates;
    private readonly ObjectStore _store;
    private readonly string? _temporaryDirectory;

    private LocalKubeServer(WebApplication app, ServerCertificates certificates, ObjectStore store, Uri endpoint, string kubeconfigPath,
        FaultInjector faults, ApiServerStats stats, ResourceRegistry registry, string? temporaryDirectory)
    {
        _app = app;
        _certificates = certificates;
        _store = store;
        Endpoint = endpoint;
        KubeconfigPath = kubeconfigPath;
        Faults = faults;
        Stats = stats;
        Registry = registry;
        _temporaryDirectory = temporaryDirectory;
    }

    /// <summary>The server's base address, <c>https://127.0.0.1:PORT</c>.</summary>
    public Uri Endpoint { get; }

    /// <summary>The kubeconfig written at start; its current context is the administrator.</summary>
    public string KubeconfigPath { get; }

    public FaultInjector Faults { get; }

    public ApiServerStats Stats { get; }

    /// <summary>The resources currently served.</summary>
    public ResourceRegistry Registry { get; }

    /// <summary>The current (latest) resourceVersion.</summary>
    public long ResourceVersion => _store.Revision;

    /// <summary>PEM of the CA that signed the serving certificate.</summary>
    public string CertificateAuthorityPem => _certificates.AuthorityPem;

    public static async Task<LocalKubeServer> StartAsync(LocalKubeOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var time = options.TimeProvider;
        var logger = options.LoggerFactory.CreateLogger<LocalKubeServer>();
        // Certificates follow the wall clock: clients check them against it, whatever clock the objects use.
        var certificates = ServerCertificates.Create(TimeProvider.System);
        var tokens = AccessTokens.Generate();
        var store = new ObjectStore(options.WatchHistorySize);
        var registry = new ResourceRegistry();
        registry.Add(BuiltinResources.All);
        var operations = new ResourceOperations(store, registry, time);
        var stats = new ApiServerStats();
        var faults = new FaultInjector(store, time, options.FaultSeed);
        var handler = new ApiRequestHandler(registry, operations, new WatchStreamer(store, time, options.BookmarkInterval), tokens, stats, faults, time);

        foreach (var ns in new[] { "default", "kube-system", "kube-public", "kube-node-lease" }.Concat(options.Namespaces).Distinct())
        {
            operations.Create(BuiltinResources.Namespaces, null, new JsonObject { ["metadata"] = new JsonObject { ["name"] = ns } }, WriteOptions.Default);
        }

        if (options.CrdDirectory is not null)
        {
            LoadCrds(options.CrdDirectory, operations, registry, logger);
        }

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Services.AddLogging();
        builder.Services.AddSingleton(options.LoggerFactory);
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = 16 * 1024 * 1024;
            kestrel.Listen(IPAddress.Loopback, options.Port, listen =>
            {
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                listen.UseHttps(certificates.Server);
            });
        });
        var app = builder.Build();
        app.Run(handler.HandleAsync);
        await app.StartAsync(cancellationToken);

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var endpoint = new Uri($"https://127.0.0.1:{new Uri(address).Port}/");
        string? temporary = null;
        var kubeconfig = options.KubeconfigPath;
        if (kubeconfig is null)
        {
            temporary = Directory.CreateTempSubdirectory("localkube-").FullName;
            kubeconfig = Path.Combine(temporary, "kubeconfig");
        }

        KubeconfigFile.Write(kubeconfig, endpoint, certificates.AuthorityPem, tokens.Admin, tokens.Viewer);
        LogListening(logger, endpoint, kubeconfig);
        return new LocalKubeServer(app, certificates, store, endpoint, Path.GetFullPath(kubeconfig), faults, stats, registry, temporary);
    }

    /// <summary>A client with administrator rights that trusts the server's CA, built from the kubeconfig.</summary>
    public Kubernetes CreateClient() =>
        new(KubernetesClientConfiguration.BuildConfigFromConfigFile(KubeconfigPath, currentContext: KubeconfigFile.AdminContext));

    /// <summary>A client that may only get, list and watch: every write gets 403 Forbidden.</summary>
    public Kubernetes CreateViewerClient() =>
        new(KubernetesClientConfiguration.BuildConfigFromConfigFile(KubeconfigPath, currentContext: KubeconfigFile.ViewerContext));

    public async ValueTask DisposeAsync()
    {
        _store.DropWatches();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _certificates.Dispose();
        if (_temporaryDirectory is not null)
        {
            try
            {
                Directory.Delete(_temporaryDirectory, recursive: true);
            }
            catch (IOException)
            {
                // Best effort: a temporary folder left behind is harmless.
            }
        }
    }

    private static void LoadCrds(string directory, ResourceOperations operations, ResourceRegistry registry, ILogger logger)
    {
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"CRD directory {Path.GetFullPath(directory)} does not exist");
        }

        var files = Directory.EnumerateFiles(directory, "*.yaml").Concat(Directory.EnumerateFiles(directory, "*.yml")).Order(StringComparer.Ordinal);
        foreach (var file in files)
        {
            foreach (var document in YamlJson.ParseDocuments(File.ReadAllText(file)).OfType<JsonObject>())
            {
                if (document["kind"]?.GetValue<string>() != "CustomResourceDefinition")
                {
                    continue;
                }

                operations.Create(BuiltinResources.CustomResourceDefinitions, null, document, WriteOptions.Default);
                var group = document["spec"]?["group"]?.GetValue<string>() ?? "";
                var plural = document["spec"]?["names"]?["plural"]?.GetValue<string>() ?? "";
                foreach (var type in registry.All.Where(t => t.Group == group && t.Plural == plural))
                {
                    LogCrdLoaded(logger, type.Kind, type.ApiVersion, file);
                    if (type.CelRuleCount > 0)
                    {
                        LogCelRules(logger, type.Kind, type.ApiVersion, type.CelRuleCount);
                    }
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "LocalKube serving on {Endpoint}; kubeconfig {KubeconfigPath}")]
    private static partial void LogListening(ILogger logger, Uri endpoint, string kubeconfigPath);

    [LoggerMessage(Level = LogLevel.Information, Message = "Serving {Kind} ({ApiVersion}) from {File}")]
    private static partial void LogCrdLoaded(ILogger logger, string kind, string apiVersion, string file);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Kind} ({ApiVersion}) has {Count} CEL x-kubernetes-validations rules; they are evaluated on every write (no cost limits)")]
    private static partial void LogCelRules(ILogger logger, string kind, string apiVersion, int count);
}
