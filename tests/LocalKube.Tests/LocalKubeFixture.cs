using System.Text.Json;
using System.Text.Json.Nodes;
using CrossAccountStreams.TestSupport;
using k8s;

namespace LocalKube.Tests;

/// <summary>One LocalKube per test class, serving the repository's CRDs; tests isolate themselves by namespace.</summary>
public sealed class LocalKubeFixture : IAsyncLifetime
{
    public const string CrdGroup = "streams.crossaccount.io";
    public const string CrdVersion = "v1alpha1";
    public const string CrdPlural = "streamsubscriptions";

    private LocalKubeServer? _server;
    private int _namespaces;

    public LocalKubeServer Server => _server ?? throw new InvalidOperationException("not started");

    public Kubernetes Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _server = await LocalKubeServer.StartAsync(new LocalKubeOptions
        {
            CrdDirectory = RepoPaths.Combine("config", "crds"),
            BookmarkInterval = TimeSpan.FromMilliseconds(300),
        });
        Client = _server.CreateClient();
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    /// <summary>Creates a fresh namespace for one test.</summary>
    public async Task<string> NewNamespaceAsync()
    {
        var name = $"test-{Interlocked.Increment(ref _namespaces)}";
        await Client.CoreV1.CreateNamespaceAsync(new k8s.Models.V1Namespace { Metadata = new k8s.Models.V1ObjectMeta { Name = name } });
        return name;
    }

    public static JsonObject Subscription(string name, string functionName = "order-processor", int? batchSize = null)
    {
        var spec = new JsonObject
        {
            ["source"] = new JsonObject { ["account"] = "orders-source", ["region"] = "eu-west-1", ["tableName"] = "Orders" },
            ["target"] = new JsonObject { ["account"] = "functions-target", ["functionName"] = functionName },
        };
        if (batchSize is not null)
        {
            spec["mapping"] = new JsonObject { ["batchSize"] = batchSize };
        }

        return new JsonObject
        {
            ["apiVersion"] = $"{CrdGroup}/{CrdVersion}",
            ["kind"] = "StreamSubscription",
            ["metadata"] = new JsonObject { ["name"] = name },
            ["spec"] = spec,
        };
    }

    /// <summary>The client returns custom objects as JsonElement; tests read them as nodes.</summary>
    public static JsonObject Node(object value) =>
        JsonNode.Parse(value is JsonElement e ? e.GetRawText() : JsonSerializer.Serialize(value))!.AsObject();
}
