using Amazon.DynamoDBv2;
using Amazon.Runtime;
using CrossAccountStreams.Entities;
using CrossAccountStreams.Entities.V1Alpha1;
using CrossAccountStreams.Operator.Aws.Credentials;
using CrossAccountStreams.Operator.Reconciliation;
using CrossAccountStreams.Operator.Runtime;
using k8s.Models;
using LocalAws;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CrossAccountStreams.Operator.IntegrationTests.Support;

/// <summary>
/// LocalAws over real HTTP, the operator's real AWS adapters and reconcilers, and in-memory stand-ins for the
/// Kubernetes side. One per test, so every test starts from the default world.
/// </summary>
public sealed class LocalAwsHarness : IAsyncDisposable
{
    public const string Namespace = "orders";

    private readonly ServiceProvider services;

    private LocalAwsHarness(LocalAwsServer server, Action<Dictionary<string, string?>>? configure)
    {
        Server = server;
        var settings = new Dictionary<string, string?>
        {
            ["Aws:EndpointUrl"] = server.Endpoint.ToString(),
            ["Aws:ClusterName"] = "integration",
            ["Reconciliation:ProgressRequeue"] = "00:00:00.100",
        };
        configure?.Invoke(settings);
        var collection = new ServiceCollection();
        collection.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        collection.AddSingleton<IOperatorCredentialsSource>(new StaticCredentialsSource(
            new BasicAWSCredentials(DefaultWorld.OperatorAccessKeyId, DefaultWorld.OperatorSecretAccessKey)));
        collection.AddSingleton<IResourceCache<V1Alpha1StreamSubscription>>(Subscriptions);
        collection.AddSingleton<IStatusWriter<V1Alpha1StreamSubscription>>(Subscriptions);
        collection.AddSingleton<IFinalizerClient<V1Alpha1StreamSubscription>>(Subscriptions);
        collection.AddSingleton<IResourceCache<V1Alpha1AwsAccount>>(Accounts);
        collection.AddSingleton<IStatusWriter<V1Alpha1AwsAccount>>(Accounts);
        collection.AddSingleton<IResourceCache<V1Namespace>>(Namespaces);
        collection.AddSingleton<IEventRecorder>(Events);
        collection.AddStreamSubscriptionReconciliation(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services = collection.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        SubscriptionReconciler = services.GetRequiredService<IReconciler<V1Alpha1StreamSubscription>>();
        AccountReconciler = services.GetRequiredService<IReconciler<V1Alpha1AwsAccount>>();
        Namespaces.Put(new V1Namespace { Metadata = new V1ObjectMeta { Name = Namespace } });
    }

    public LocalAwsServer Server { get; }

    public InMemoryStore<V1Alpha1StreamSubscription> Subscriptions { get; } = new();

    public InMemoryStore<V1Alpha1AwsAccount> Accounts { get; } = new();

    public InMemoryStore<V1Namespace> Namespaces { get; } = new();

    public RecordingEventRecorder Events { get; } = new();

    public IReconciler<V1Alpha1StreamSubscription> SubscriptionReconciler { get; }

    public IReconciler<V1Alpha1AwsAccount> AccountReconciler { get; }

    public static readonly string[] WriteOperations =
        ["PutResourcePolicy", "DeleteResourcePolicy", "CreateEventSourceMapping", "UpdateEventSourceMapping", "DeleteEventSourceMapping", "TagResource", "UntagResource"];

    public static async Task<LocalAwsHarness> StartAsync(WorldSeed? seed = null, Action<Dictionary<string, string?>>? configure = null)
    {
        var server = await LocalAwsServer.StartAsync(new LocalAwsOptions
        {
            Port = 0,
            Seed = seed,
            MappingTransitionDelay = TimeSpan.FromMilliseconds(150),
            RateLimitsEnabled = false,
        });
        return new LocalAwsHarness(server, configure);
    }

    /// <summary>The two accounts of the default world, verified through LocalAws as the operator would.</summary>
    public async Task AddVerifiedAccountsAsync(params string[] namespaces)
    {
        V1Alpha1AwsAccount[] accounts =
        [
            Account("source", DefaultWorld.SourceAccountId, DefaultWorld.SourceRoleArn, DefaultWorld.SourceExternalId, namespaces),
            Account("target", DefaultWorld.TargetAccountId, DefaultWorld.TargetRoleArn, DefaultWorld.TargetExternalId, namespaces),
        ];
        foreach (var account in accounts)
        {
            Accounts.Put(account);
            await AccountReconciler.ReconcileAsync(ObjectKey.Of(account), CancellationToken.None);
            var ready = Accounts.Get(ObjectKey.Of(account))!.Status.Conditions!.Single(c => c.Type == ConditionTypes.Ready);
            Assert.True(ready.Status == "True", $"AwsAccount {account.Metadata.Name} is not Ready: {ready.Message}");
        }
    }

    public static V1Alpha1AwsAccount Account(string name, string accountId, string roleArn, string externalId, string[] namespaces) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new AwsAccountSpec
        {
            AccountId = accountId,
            RoleArn = roleArn,
            ExternalId = externalId,
            Regions = [DefaultWorld.Region],
            AllowedNamespaces = new AllowedNamespaces { Names = namespaces.Length == 0 ? [Namespace] : [.. namespaces] },
        },
    };

    public static V1Alpha1StreamSubscription Subscription(
        string name = "orders-to-processor", string ns = Namespace, string function = DefaultWorld.OrderProcessorFunctionName, Action<StreamSubscriptionSpec>? change = null)
    {
        var subscription = new V1Alpha1StreamSubscription
        {
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns, Uid = Guid.NewGuid().ToString(), Generation = 1 },
            Spec = new StreamSubscriptionSpec
            {
                Source = new StreamSource { Account = "source", Region = DefaultWorld.Region, TableName = DefaultWorld.OrdersTableName },
                Target = new FunctionTarget { Account = "target", FunctionName = function },
            },
        };
        change?.Invoke(subscription.Spec);
        return subscription;
    }

    public Task<ReconcileResult> ReconcileAsync(V1Alpha1StreamSubscription subscription) =>
        SubscriptionReconciler.ReconcileAsync(ObjectKey.Of(subscription), CancellationToken.None);

    /// <summary>Reconciles, waiting as asked, until the subscription needs no quick look again (bounded to ~10 s).</summary>
    public async Task<ReconcileResult> ReconcileUntilSettledAsync(V1Alpha1StreamSubscription subscription)
    {
        var result = ReconcileResult.Done;
        for (var i = 0; i < 60; i++)
        {
            result = await ReconcileAsync(subscription);
            if (result.RequeueAfter is not { } delay || delay > TimeSpan.FromSeconds(1))
            {
                return result;
            }

            await Task.Delay(delay);
        }

        return result;
    }

    public V1Alpha1StreamSubscription? Stored(V1Alpha1StreamSubscription subscription) => Subscriptions.Get(ObjectKey.Of(subscription));

    public V1Condition Condition(V1Alpha1StreamSubscription subscription, string type) =>
        Stored(subscription)!.Status.Conditions!.Single(c => c.Type == type);

    public IReadOnlyList<CallRecord> Writes() => [.. Server.World.Calls.Where(c => WriteOperations.Contains(c.Operation))];

    public string OrdersStreamArn => Server.World.LatestStreamArn(DefaultWorld.SourceAccountId, DefaultWorld.OrdersTableName)!;

    /// <summary>A DynamoDB client acting as the source account's root, for changes made by someone other than the operator.</summary>
    public AmazonDynamoDBClient SourceAccountRoot() => new(
        new BasicAWSCredentials(DefaultWorld.RootAccessKeyId(DefaultWorld.SourceAccountId), DefaultWorld.RootSecretAccessKey(DefaultWorld.SourceAccountId)),
        new AmazonDynamoDBConfig { ServiceURL = Server.Endpoint.ToString(), AuthenticationRegion = DefaultWorld.Region });

    public async ValueTask DisposeAsync()
    {
        await services.DisposeAsync();
        await Server.DisposeAsync();
    }
}
