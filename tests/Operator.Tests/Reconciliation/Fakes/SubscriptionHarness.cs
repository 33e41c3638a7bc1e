using CrossAccountStreams.Entities.V1Alpha1;
using CrossAccountStreams.Operator.Reconciliation;
using CrossAccountStreams.Operator.Runtime;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CrossAccountStreams.Operator.Tests.Reconciliation.Fakes;

/// <summary>A StreamSubscriptionReconciler wired to in-memory Kubernetes and AWS.</summary>
public sealed class SubscriptionHarness
{
    public const string SourceAccount = "111111111111";
    public const string TargetAccount = "222222222222";

    public SubscriptionHarness()
    {
        Accounts.Put(ObjectBuilders.Account("source", SourceAccount, "stream-subscription-source", "source-external-id"));
        Accounts.Put(ObjectBuilders.Account("target", TargetAccount, "stream-subscription-target", "target-external-id"));
        Namespaces.Put(ObjectBuilders.NamespaceWithLabels(ObjectBuilders.Namespace));
        Aws.WithTable(SourceAccount, "Orders", "2026-01-01T00:00:00.000")
            .WithFunction(TargetAccount, "order-processor", "order-processor-exec")
            .WithFunction(TargetAccount, "analytics-ingest", "analytics-ingest-exec");
        Reconciler = new StreamSubscriptionReconciler(
            new SubscriptionKubernetesPorts(Subscriptions, Accounts, Namespaces, Subscriptions, Subscriptions, Events),
            new SubscriptionAwsPorts(Aws, Aws, Aws),
            new StreamPolicyStatements(Aws, Events, Options.Create(Settings), NullLogger<StreamPolicyStatements>.Instance),
            new EventSourceMappingSync(Aws, Events, NullLogger<EventSourceMappingSync>.Instance),
            new GraceClock(Time),
            Options.Create(Settings),
            Time,
            NullLogger<StreamSubscriptionReconciler>.Instance);
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));

    public ReconciliationOptions Settings { get; } = new();

    public InMemoryStore<V1Alpha1StreamSubscription> Subscriptions { get; } = new();

    public InMemoryStore<V1Alpha1AwsAccount> Accounts { get; } = new();

    public InMemoryStore<V1Namespace> Namespaces { get; } = new();

    public RecordingEventRecorder Events { get; } = new();

    public FakeAws Aws { get; } = new();

    public StreamSubscriptionReconciler Reconciler { get; }

    public Task<ReconcileResult> ReconcileAsync(V1Alpha1StreamSubscription subscription) =>
        Reconciler.ReconcileAsync(ObjectKey.Of(subscription), CancellationToken.None);

    /// <summary>Reconciles until the result no longer asks for a quick look again (bounded).</summary>
    public async Task<ReconcileResult> ReconcileUntilSettledAsync(V1Alpha1StreamSubscription subscription)
    {
        ReconcileResult result = ReconcileResult.Done;
        for (var i = 0; i < 10; i++)
        {
            result = await ReconcileAsync(subscription);
            if (result.RequeueAfter != Settings.ProgressRequeue)
            {
                break;
            }

            Time.Advance(Settings.ProgressRequeue);
        }

        return result;
    }

    public V1Alpha1StreamSubscription Stored(V1Alpha1StreamSubscription subscription) => Subscriptions.Get(ObjectKey.Of(subscription))!;

    public string Condition(V1Alpha1StreamSubscription subscription, string type) =>
        Stored(subscription).Status.Conditions!.Single(c => c.Type == type).Status;

    public V1Condition ConditionOf(V1Alpha1StreamSubscription subscription, string type) =>
        Stored(subscription).Status.Conditions!.Single(c => c.Type == type);
}
