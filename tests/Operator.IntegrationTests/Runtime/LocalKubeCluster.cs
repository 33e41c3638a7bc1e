using CrossAccountStreams.Entities;
using CrossAccountStreams.Entities.V1Alpha1;
using CrossAccountStreams.Operator.Kubernetes;
using CrossAccountStreams.TestSupport;
using k8s;
using k8s.Models;
using LocalKube;

namespace CrossAccountStreams.Operator.IntegrationTests.Runtime;

/// <summary>One LocalKube server with the project's CRDs, shared by the tests of a class; each test works in its own namespace.</summary>
public sealed class LocalKubeCluster : IAsyncLifetime
{
    private int namespaces;

    public LocalKubeServer Server { get; private set; } = null!;

    public IKubernetes Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await LocalKubeServer.StartAsync(new LocalKubeOptions
        {
            Port = 0,
            CrdDirectory = RepoPaths.Combine("config", "crds"),
            BookmarkInterval = TimeSpan.FromSeconds(1),
        });
        Client = Server.CreateClient();
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
    }

    public async Task<string> NewNamespaceAsync(string prefix = "test")
    {
        var name = $"{prefix}-{Interlocked.Increment(ref namespaces)}";
        await Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = name } });
        return name;
    }

    public Task<V1Alpha1StreamSubscription> CreateSubscriptionAsync(string ns, string name, string table = "orders") =>
        Client.CustomObjects.CreateNamespacedCustomObjectAsync<V1Alpha1StreamSubscription>(
            Subscription(ns, name, table), ApiGroup.Name, ApiGroup.Version, ns, V1Alpha1StreamSubscription.Plural);

    public Task<V1Alpha1StreamSubscription> GetSubscriptionAsync(string ns, string name) =>
        Client.CustomObjects.GetNamespacedCustomObjectAsync<V1Alpha1StreamSubscription>(
            ApiGroup.Name, ApiGroup.Version, ns, V1Alpha1StreamSubscription.Plural, name);

    public Task<V1Alpha1StreamSubscription> PatchSubscriptionAsync(string ns, string name, string mergePatch) =>
        Client.CustomObjects.PatchNamespacedCustomObjectAsync<V1Alpha1StreamSubscription>(
            new V1Patch(mergePatch, V1Patch.PatchType.MergePatch), ApiGroup.Name, ApiGroup.Version, ns, V1Alpha1StreamSubscription.Plural, name);

    public Task DeleteSubscriptionAsync(string ns, string name) =>
        Client.CustomObjects.DeleteNamespacedCustomObjectAsync(ApiGroup.Name, ApiGroup.Version, ns, V1Alpha1StreamSubscription.Plural, name);

    public CustomResourceClient<V1Alpha1StreamSubscription> SubscriptionClient() => new(Client, OperatorResources.StreamSubscriptions);

    public static V1Alpha1StreamSubscription Subscription(string ns, string name, string table = "orders") => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns },
        Spec = new StreamSubscriptionSpec
        {
            Source = new StreamSource { Account = "prod-data", Region = "eu-west-1", TableName = table },
            Target = new FunctionTarget { Account = "prod-compute", FunctionName = "consume-orders" },
        },
    };

    /// <summary>Polls until <paramref name="condition"/> holds; fails the test after <paramref name="timeout"/>.</summary>
    public static async Task EventuallyAsync(Func<bool> condition, TimeSpan timeout, string because)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out after {timeout}: {because}");
            }

            await Task.Delay(50);
        }
    }

    public static async Task EventuallyAsync(Func<Task<bool>> condition, TimeSpan timeout, string because)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out after {timeout}: {because}");
            }

            await Task.Delay(50);
        }
    }
}
