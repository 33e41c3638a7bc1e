using CrossAccountStreams.Entities.V1Alpha1;
using CrossAccountStreams.Operator.Aws;
using CrossAccountStreams.Operator.Aws.Caching;
using CrossAccountStreams.Operator.Aws.Credentials;
using CrossAccountStreams.Operator.Aws.DynamoDb;
using CrossAccountStreams.Operator.Aws.Lambda;
using CrossAccountStreams.Operator.Aws.Telemetry;
using CrossAccountStreams.Operator.Runtime;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CrossAccountStreams.Operator.Reconciliation;

public static class ReconciliationServiceCollectionExtensions
{
    /// <summary>
    /// Registers both reconcilers and the AWS adapters behind them. Binds <c>Aws</c> (<see cref="AwsOptions"/>) and
    /// <c>Reconciliation</c> (<see cref="ReconciliationOptions"/>). The host provides the runtime contracts
    /// (<see cref="IResourceCache{TEntity}"/> for StreamSubscriptions, AwsAccounts and Namespaces, the status writers,
    /// the finalizer client and the event recorder). Replace <see cref="IOperatorCredentialsSource"/> to give the
    /// operator an identity other than the SDK's default chain.
    /// </summary>
    public static IServiceCollection AddStreamSubscriptionReconciliation(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AwsOptions>().Bind(configuration.GetSection(AwsOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ReconciliationOptions>().Bind(configuration.GetSection(ReconciliationOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();

        services.TryAddSingleton<IAwsCallMetrics, AwsCallMetrics>();
        services.TryAddSingleton<AwsCallTelemetry>();
        services.TryAddSingleton<AwsEndpointResolver>();
        services.TryAddSingleton<RetryBackoff>();
        services.TryAddSingleton<IOperatorCredentialsSource, DefaultChainCredentialsSource>();
        services.TryAddSingleton<IRoleAssumer, StsRoleAssumer>();
        services.TryAddSingleton<IAccountCredentialsProvider, AccountCredentialsProvider>();
        services.TryAddSingleton<IStreamSourceClient, StreamSourceClient>();

        services.AddHttpClient(LambdaApiClient.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(30))
            // Redirects would be followed below the signing step and arrive unsigned.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
        services.TryAddSingleton<LambdaApiClient>();
        services.TryAddSingleton<IEventSourceMappingClient, EventSourceMappingClient>();
        services.TryAddSingleton<FunctionConfigurationReader>();
        services.TryAddSingleton<IFunctionConfigurationReader>(provider => new CachingFunctionConfigurationReader(
            provider.GetRequiredService<FunctionConfigurationReader>(), provider.GetRequiredService<IOptions<AwsOptions>>(), provider.GetRequiredService<TimeProvider>()));

        services.TryAddSingleton<GraceClock>();
        services.TryAddSingleton<SubscriptionAwsPorts>();
        services.TryAddSingleton<SubscriptionKubernetesPorts>();
        services.TryAddSingleton<StreamPolicyStatements>();
        services.TryAddSingleton<EventSourceMappingSync>();
        services.TryAddSingleton<IReconciler<V1Alpha1StreamSubscription>, StreamSubscriptionReconciler>();
        services.TryAddSingleton<IReconciler<V1Alpha1AwsAccount>, AwsAccountReconciler>();
        return services;
    }
}
