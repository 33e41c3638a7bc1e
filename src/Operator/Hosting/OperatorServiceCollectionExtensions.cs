using CrossAccountStreams.Entities.V1Alpha1;
using CrossAccountStreams.Operator.Kubernetes;
using CrossAccountStreams.Operator.Kubernetes.Events;
using CrossAccountStreams.Operator.Runtime;
using CrossAccountStreams.Operator.Runtime.Controllers;
using CrossAccountStreams.Operator.Runtime.Informers;
using CrossAccountStreams.Operator.Runtime.LeaderElection;
using CrossAccountStreams.Operator.Runtime.Queue;
using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CrossAccountStreams.Operator.Hosting;

/// <summary>
/// Composition root of the controller runtime: options, Kubernetes client and adapters, informers and caches,
/// queues, controllers, leader election, event recorder and metrics. The reconcilers
/// (<c>IReconciler&lt;V1Alpha1StreamSubscription&gt;</c>, <c>IReconciler&lt;V1Alpha1AwsAccount&gt;</c>) come from DI,
/// registered separately.
/// </summary>
public static class OperatorServiceCollectionExtensions
{
    public static IServiceCollection AddOperatorRuntime(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<OperatorOptions>()
            .Bind(configuration.GetSection(OperatorOptions.SectionName))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<OperatorOptions>, OperatorOptionsValidator>();
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<RuntimeMetrics>();
        services.AddSingleton<PrometheusExporter>();
        services.TryAddSingleton<IKubernetes>(sp => KubernetesClientFactory.Create(Options(sp).Kubeconfig));

        AddKubernetesAdapters(services, OperatorResources.StreamSubscriptions);
        AddKubernetesAdapters(services, OperatorResources.AwsAccounts);
        AddInformers(services);
        AddLeaderElection(services);
        AddEventRecorder(services);

        services.AddSingleton(NewControllerHost);
        services.AddHostedService(sp => sp.GetRequiredService<ControllerHost>());

        // The host must outwait the drain of reconciles in flight plus the release of the Lease.
        services.AddOptions<HostOptions>().Configure<IOptions<OperatorOptions>>(
            (host, operatorOptions) => host.ShutdownTimeout = operatorOptions.Value.HostShutdownTimeout);
        return services;
    }

    private static OperatorOptions Options(IServiceProvider sp) => sp.GetRequiredService<IOptions<OperatorOptions>>().Value;

    private static void AddKubernetesAdapters<TEntity>(IServiceCollection services, ResourceDescriptor<TEntity> resource)
        where TEntity : class, IKubernetesObject<V1ObjectMeta>
    {
        services.AddSingleton(sp => new CustomResourceClient<TEntity>(sp.GetRequiredService<IKubernetes>(), resource));
        services.AddSingleton<IStatusWriter<TEntity>, StatusWriter<TEntity>>();
        services.AddSingleton<IFinalizerClient<TEntity>, FinalizerClient<TEntity>>();
    }

    private static void AddInformers(IServiceCollection services)
    {
        services.AddSingleton(sp => NewInformer(sp, new CustomResourceListWatcher<V1Alpha1StreamSubscription>(
            sp.GetRequiredService<IKubernetes>(), OperatorResources.StreamSubscriptions, Options(sp).Namespace)));
        services.AddSingleton(sp => NewInformer(sp, new CustomResourceListWatcher<V1Alpha1AwsAccount>(
            sp.GetRequiredService<IKubernetes>(), OperatorResources.AwsAccounts, watchNamespace: null)));
        services.AddSingleton(sp => NewInformer(sp, new NamespaceListWatcher(sp.GetRequiredService<IKubernetes>(), Options(sp).Namespace)));

        services.AddSingleton<IResourceCache<V1Alpha1StreamSubscription>>(sp => sp.GetRequiredService<Informer<V1Alpha1StreamSubscription>>().Cache);
        services.AddSingleton<IResourceCache<V1Alpha1AwsAccount>>(sp => sp.GetRequiredService<Informer<V1Alpha1AwsAccount>>().Cache);
        services.AddSingleton<IResourceCache<V1Namespace>>(sp => sp.GetRequiredService<Informer<V1Namespace>>().Cache);
    }

    private static Informer<TEntity> NewInformer<TEntity>(IServiceProvider sp, IListWatcher<TEntity> listWatcher)
        where TEntity : IKubernetesObject<V1ObjectMeta>
    {
        var options = Options(sp);
        return new Informer<TEntity>(
            listWatcher,
            new InformerSettings { ResyncPeriod = typeof(TEntity) == typeof(V1Namespace) ? TimeSpan.Zero : options.ResyncPeriod },
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger($"CrossAccountStreams.Operator.Runtime.Informers.Informer.{typeof(TEntity).Name}"),
            sp.GetRequiredService<RuntimeMetrics>());
    }

    /// <summary>Connects informers to queues (indexes, handlers, cross-kind triggers) and builds the host; before anything starts.</summary>
    private static ControllerHost NewControllerHost(IServiceProvider sp)
    {
        var options = Options(sp);
        var subscriptions = sp.GetRequiredService<Informer<V1Alpha1StreamSubscription>>();
        var accounts = sp.GetRequiredService<Informer<V1Alpha1AwsAccount>>();
        var namespaces = sp.GetRequiredService<Informer<V1Namespace>>();
        var subscriptionController = NewController<V1Alpha1StreamSubscription>(sp, V1Alpha1StreamSubscription.Plural);
        var accountController = NewController<V1Alpha1AwsAccount>(sp, V1Alpha1AwsAccount.Plural);
        var subscriptionQueue = subscriptionController.Queue;

        subscriptions.Cache.AddIndex(SubscriptionTriggers.ByAccount, SubscriptionTriggers.AccountsOf);
        subscriptions.AddHandler(new EnqueueObjectHandler<V1Alpha1StreamSubscription>(subscriptionQueue));
        accounts.AddHandler(new EnqueueObjectHandler<V1Alpha1AwsAccount>(accountController.Queue));
        accounts.AddHandler(new EnqueueMappedHandler<V1Alpha1AwsAccount>(
            subscriptionQueue, (previous, current) => SubscriptionTriggers.ForAccountChange(subscriptions.Cache, previous, current)));
        namespaces.AddHandler(new EnqueueMappedHandler<V1Namespace>(
            subscriptionQueue, (previous, current) => SubscriptionTriggers.ForNamespaceChange(subscriptions.Cache, previous, current)));

        var election = options.LeaderElect
            ? new LeaderElectionRunner(
                sp.GetRequiredService<IKubernetes>(),
                sp.GetRequiredService<LeaderElectionSettings>(),
                sp.GetRequiredService<LeadershipStatus>(),
                sp.GetRequiredService<ILogger<LeaderElectionRunner>>(),
                sp.GetRequiredService<RuntimeMetrics>())
            : null;
        return new ControllerHost(
            [subscriptions, accounts, namespaces],
            [subscriptionController, accountController],
            new ControllerHostSettings(options.Concurrency, options.ShutdownTimeoutPeriod),
            sp.GetRequiredService<LeadershipStatus>(),
            sp.GetRequiredService<ILogger<ControllerHost>>(),
            sp.GetRequiredService<TimeProvider>(),
            election);
    }

    private static Controller<TEntity> NewController<TEntity>(IServiceProvider sp, string name)
        where TEntity : IKubernetesObject<V1ObjectMeta>
    {
        var queueOptions = Options(sp).WorkQueue;
        var time = sp.GetRequiredService<TimeProvider>();
        var limiter = new MaxOfRateLimiter(
            new ExponentialBackoffRateLimiter(
                DurationFormat.Parse(queueOptions.BaseDelay, "Operator:WorkQueue:BaseDelay"),
                DurationFormat.Parse(queueOptions.MaxDelay, "Operator:WorkQueue:MaxDelay")),
            new TokenBucketRateLimiter(queueOptions.RatePerSecond, queueOptions.Burst, time));
        var reconciler = sp.GetService<IReconciler<TEntity>>()
            ?? throw new InvalidOperationException(
                $"No IReconciler<{typeof(TEntity).Name}> is registered; register the reconcilers before starting the operator.");
        return new Controller<TEntity>(
            new WorkQueue(name, limiter, time, sp.GetRequiredService<RuntimeMetrics>()),
            reconciler,
            time,
            sp.GetRequiredService<ILogger<Controller<TEntity>>>(),
            sp.GetRequiredService<RuntimeMetrics>());
    }

    private static void AddLeaderElection(IServiceCollection services)
    {
        services.AddSingleton(sp => new LeadershipStatus { Enabled = Options(sp).LeaderElect });
        services.AddSingleton(sp =>
        {
            var election = Options(sp).LeaderElection;
            return new LeaderElectionSettings(election.LeaseName, election.ResolvedNamespace, election.ResolvedIdentity)
            {
                LeaseDuration = DurationFormat.Parse(election.LeaseDuration, "Operator:LeaderElection:LeaseDuration"),
                RenewDeadline = DurationFormat.Parse(election.RenewDeadline, "Operator:LeaderElection:RenewDeadline"),
                RetryPeriod = DurationFormat.Parse(election.RetryPeriod, "Operator:LeaderElection:RetryPeriod"),
            };
        });
    }

    private static void AddEventRecorder(IServiceCollection services)
    {
        services.TryAddSingleton<IEventSink>(sp => new KubernetesEventSink(sp.GetRequiredService<IKubernetes>()));
        services.AddSingleton(sp => new EventCorrelator(
            sp.GetRequiredService<TimeProvider>(),
            new EventCorrelatorSettings { ReportingInstance = sp.GetRequiredService<LeaderElectionSettings>().Identity }));
        services.AddSingleton<EventRecorder>();
        services.AddSingleton<IEventRecorder>(sp => sp.GetRequiredService<EventRecorder>());
        services.AddHostedService(sp => sp.GetRequiredService<EventRecorder>());
    }
}
