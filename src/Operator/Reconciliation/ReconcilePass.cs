using CrossAccountStreams.Entities;
using CrossAccountStreams.Entities.V1Alpha1;
using CrossAccountStreams.Operator.Aws.Lambda;
using CrossAccountStreams.Operator.Runtime;

namespace CrossAccountStreams.Operator.Reconciliation;

internal enum ReconcileStep
{
    Policy,
    Mapping,
}

/// <summary>One reconcile's working state: the object, the status being computed, and what is being done (for error messages).</summary>
internal sealed class ReconcilePass(V1Alpha1StreamSubscription subscription, StreamSubscriptionStatus status)
{
    public V1Alpha1StreamSubscription Subscription { get; set; } = subscription;

    public StreamSubscriptionStatus Status { get; } = status;

    public ReconcileStep Step { get; private set; } = ReconcileStep.Policy;

    public string Doing { get; private set; } = "starting";

    public string NotFoundReason { get; private set; } = ConditionReasons.StreamNotFound;

    public string AccessDeniedReason { get; private set; } = ConditionReasons.AccessDenied;

    /// <summary>The stream of the mapping as last observed or created in this pass.</summary>
    public string? MappingOnStream { get; set; }

    public void At(ReconcileStep step, string doing, string notFoundReason, string accessDeniedReason)
    {
        Step = step;
        Doing = doing;
        NotFoundReason = notFoundReason;
        AccessDeniedReason = accessDeniedReason;
    }

    /// <summary>For log messages: namespace/name.</summary>
    public string Key => ObjectKey.Of(Subscription).ToString();

    /// <summary>Copies what Lambda says about the mapping into status.</summary>
    public void Record(EventSourceMappingConfiguration mapping)
    {
        Status.EventSourceMappingUuid = mapping.Uuid;
        Status.EventSourceMappingArn = mapping.EventSourceMappingArn;
        Status.EventSourceMappingState = mapping.State;
        Status.StateTransitionReason = mapping.StateTransitionReason;
        Status.LastProcessingResult = mapping.LastProcessingResult;
        MappingOnStream = mapping.EventSourceArn;
    }

    public void ClearMapping()
    {
        Status.EventSourceMappingUuid = null;
        Status.EventSourceMappingArn = null;
        Status.EventSourceMappingState = null;
        Status.StateTransitionReason = null;
        Status.LastProcessingResult = null;
    }
}

