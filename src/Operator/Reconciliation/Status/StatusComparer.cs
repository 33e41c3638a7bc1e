using CrossAccountStreams.Entities.V1Alpha1;

namespace CrossAccountStreams.Operator.Reconciliation.Status;

/// <summary>Decides whether a status write would change anything, so unchanged status is never written.</summary>
public static class StatusComparer
{
    public static bool SameIgnoringSyncTime(StreamSubscriptionStatus a, StreamSubscriptionStatus b) =>
        a.ObservedGeneration == b.ObservedGeneration
        && a.Source == b.Source
        && a.SourceAccountId == b.SourceAccountId
        && a.TargetAccountId == b.TargetAccountId
        && a.StreamArn == b.StreamArn
        && a.FunctionArn == b.FunctionArn
        && a.ExecutionRoleArn == b.ExecutionRoleArn
        && a.PolicyStatementId == b.PolicyStatementId
        && a.PolicyRevisionId == b.PolicyRevisionId
        && a.EventSourceMappingUuid == b.EventSourceMappingUuid
        && a.EventSourceMappingArn == b.EventSourceMappingArn
        && a.EventSourceMappingState == b.EventSourceMappingState
        && a.StateTransitionReason == b.StateTransitionReason
        && a.LastProcessingResult == b.LastProcessingResult
        && ConditionSet.Same(a.Conditions, b.Conditions);

    public static bool SameIgnoringVerificationTime(AwsAccountStatus a, AwsAccountStatus b) =>
        a.ObservedGeneration == b.ObservedGeneration
        && a.CallerArn == b.CallerArn
        && a.CallerAccountId == b.CallerAccountId
        && ConditionSet.Same(a.Conditions, b.Conditions);
}
