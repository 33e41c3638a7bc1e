using CrossAccountStreams.Entities.V1Alpha1;
using CrossAccountStreams.Operator.Aws.DynamoDb;
using CrossAccountStreams.Operator.Aws.Lambda;
using CrossAccountStreams.Operator.Runtime;
using k8s.Models;

namespace CrossAccountStreams.Operator.Reconciliation;

/// <summary>The AWS ports a subscription reconcile uses directly (the policy and mapping steps have their own).</summary>
public sealed record SubscriptionAwsPorts(
    IStreamSourceClient Source,
    IEventSourceMappingClient Mappings,
    IFunctionConfigurationReader Functions);

/// <summary>The Kubernetes side a subscription reconcile reads from and writes to.</summary>
public sealed record SubscriptionKubernetesPorts(
    IResourceCache<V1Alpha1StreamSubscription> Subscriptions,
    IResourceCache<V1Alpha1AwsAccount> Accounts,
    IResourceCache<V1Namespace> Namespaces,
    IStatusWriter<V1Alpha1StreamSubscription> StatusWriter,
    IFinalizerClient<V1Alpha1StreamSubscription> Finalizers,
    IEventRecorder Events);
