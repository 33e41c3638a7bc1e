using CrossAccountStreams.Entities.V1Alpha1;
using CrossAccountStreams.Operator.Aws.Telemetry;
using CrossAccountStreams.Operator.Reconciliation;
using CrossAccountStreams.Operator.Runtime;
using CrossAccountStreams.Operator.Tests.Reconciliation.Fakes;
using k8s.Models;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CrossAccountStreams.Operator.Tests.Reconciliation;

public sealed class ReconciliationServiceCollectionExtensionsTests
{
    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var subscriptions = new InMemoryStore<V1Alpha1StreamSubscription>();
        var accounts = new InMemoryStore<V1Alpha1AwsAccount>();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IResourceCache<V1Alpha1StreamSubscription>>(subscriptions);
        services.AddSingleton<IStatusWriter<V1Alpha1StreamSubscription>>(subscriptions);
        services.AddSingleton<IFinalizerClient<V1Alpha1StreamSubscription>>(subscriptions);
        services.AddSingleton<IResourceCache<V1Alpha1AwsAccount>>(accounts);
        services.AddSingleton<IStatusWriter<V1Alpha1AwsAccount>>(accounts);
        services.AddSingleton<IResourceCache<V1Namespace>>(new InMemoryStore<V1Namespace>());
        services.AddSingleton<IEventRecorder>(new RecordingEventRecorder());
        services.AddStreamSubscriptionReconciliation(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    [Fact]
    public void Both_reconcilers_resolve_once_the_host_provides_the_runtime_contracts()
    {
        using var provider = Build(new() { ["Aws:ClusterName"] = "prod-eu", ["Reconciliation:ProgressRequeue"] = "00:00:02" });

        Assert.IsType<StreamSubscriptionReconciler>(provider.GetRequiredService<IReconciler<V1Alpha1StreamSubscription>>());
        Assert.IsType<AwsAccountReconciler>(provider.GetRequiredService<IReconciler<V1Alpha1AwsAccount>>());
        Assert.IsType<AwsCallMetrics>(provider.GetRequiredService<IAwsCallMetrics>());
        Assert.Equal(TimeSpan.FromSeconds(2), provider.GetRequiredService<IOptions<ReconciliationOptions>>().Value.ProgressRequeue);
    }

    [Fact]
    public void Invalid_settings_are_refused_naming_the_setting()
    {
        using var provider = Build(new() { ["Aws:MaxAttempts"] = "0" });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<CrossAccountStreams.Operator.Aws.AwsOptions>>().Value);
        Assert.Contains("MaxAttempts", error.Message, StringComparison.Ordinal);
    }
}
