using CrossAccountStreams.Entities;
using k8s.Models;

namespace CrossAccountStreams.Operator.Reconciliation.Status;

/// <summary>
/// Writes the kstatus trio and the detail conditions from the step outcomes. Ready is True only when every step is
/// Done; Reconciling and Stalled are never True together.
/// </summary>
public static class SubscriptionConditions
{
    public static List<V1Condition> Apply(
        IEnumerable<V1Condition>? existing,
        long? generation,
        DateTime now,
        StepOutcome accounts,
        StepOutcome policy,
        StepOutcome mapping)
    {
        var conditions = ConditionSet.Copy(existing);
        var verdict = Verdict.Derive(accounts, policy, mapping);

        ConditionSet.Set(conditions, ConditionTypes.Ready,
            verdict.State == StepState.Done ? ConditionSet.True : ConditionSet.False, verdict.Reason, verdict.Message, generation, now);
        var reconciling = verdict.State is StepState.InProgress or StepState.Transient;
        ConditionSet.Set(conditions, ConditionTypes.Reconciling,
            reconciling ? ConditionSet.True : ConditionSet.False, verdict.Reason, reconciling ? verdict.Message : "", generation, now);
        // Observe-only drift cannot converge without a person, and kstatus reads Ready=False alone as done: report it as Stalled.
        var stalled = verdict.State is StepState.Stalled or StepState.Drifted;
        ConditionSet.Set(conditions, ConditionTypes.Stalled,
            stalled ? ConditionSet.True : ConditionSet.False, verdict.Reason, stalled ? verdict.Message : "", generation, now);

        ConditionSet.Set(conditions, ConditionTypes.AccountsAuthorized, accounts.ConditionStatus, accounts.Reason, accounts.Message, generation, now);
        ConditionSet.Set(conditions, ConditionTypes.StreamPolicyReady, policy.ConditionStatus, policy.Reason, policy.Message, generation, now);
        ConditionSet.Set(conditions, ConditionTypes.EventSourceMappingReady, mapping.ConditionStatus, mapping.Reason, mapping.Message, generation, now);
        return conditions;
    }

    /// <summary>
    /// Paused: nothing is checked, so Ready keeps its last status, but the trio is stamped with the current generation
    /// and reason Paused, so GitOps tools see the pause acknowledged instead of a spec change never observed.
    /// </summary>
    public static List<V1Condition> Paused(IEnumerable<V1Condition>? existing, long? generation, DateTime now)
    {
        var conditions = ConditionSet.Copy(existing);
        var ready = ConditionSet.Find(conditions, ConditionTypes.Ready);
        var message = ready?.Reason == ConditionReasons.Paused
            ? ready.Message
            : "Reconciliation is paused by spec.managementPolicy: Paused; AWS is neither read nor changed."
                + (ready is null ? "" : $" Last state: {ready.Reason}.");
        ConditionSet.Set(conditions, ConditionTypes.Ready, ready?.Status ?? ConditionSet.Unknown, ConditionReasons.Paused, message, generation, now);
        ConditionSet.Set(conditions, ConditionTypes.Reconciling, ConditionSet.False, ConditionReasons.Paused, "", generation, now);
        ConditionSet.Set(conditions, ConditionTypes.Stalled, ConditionSet.False, ConditionReasons.Paused, "", generation, now);
        return conditions;
    }

}
