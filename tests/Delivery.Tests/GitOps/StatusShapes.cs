namespace CrossAccountStreams.Delivery.Tests.GitOps;

/// <summary>
/// Status shapes the operator writes (kubernetes-api-semantics §6.4) and a few it must avoid, with what Argo CD and
/// Flux (kstatus) make of each.
/// </summary>
public static class StatusShapes
{
    public sealed record Shape(string Name, string Yaml, string Argo, KstatusStatus Flux, string MessageContains)
    {
        public override string ToString() => Name;
    }

    public static readonly Shape[] All =
    [
        new(
            "a new subscription the operator has not seen",
            """
            apiVersion: streams.crossaccount.io/v1alpha1
            kind: StreamSubscription
            metadata: {name: orders, namespace: team-a, generation: 1}
            spec: {source: {account: source, region: eu-west-1, tableName: orders}, target: {account: target, functionName: billing}}
            """,
            "Progressing", KstatusStatus.Current, "Waiting for the operator"),
        new(
            "the first visit with every condition still Unknown",
            """
            apiVersion: streams.crossaccount.io/v1alpha1
            kind: StreamSubscription
            metadata: {name: orders, namespace: team-a, generation: 1}
            status:
              observedGeneration: 1
              conditions:
                - {type: Ready, status: Unknown, reason: Progressing, message: "", observedGeneration: 1, lastTransitionTime: "2026-11-26T10:00:00Z"}
                - {type: Reconciling, status: "True", reason: Progressing, message: Creating the event source mapping, observedGeneration: 1, lastTransitionTime: "2026-11-26T10:00:00Z"}
                - {type: Stalled, status: "False", reason: Progressing, message: "", observedGeneration: 1, lastTransitionTime: "2026-11-26T10:00:00Z"}
            """,
            "Progressing", KstatusStatus.InProgress, "Creating the event source mapping"),
        new(
            "a subscription that is done",
            """
            apiVersion: streams.crossaccount.io/v1alpha1
            kind: StreamSubscription
            metadata: {name: orders, namespace: team-a, generation: 2}
            status:
              observedGeneration: 2
              conditions:
                - {type: Ready, status: "True", reason: Synced, message: Mapping Enabled and stream policy in place, observedGeneration: 2, lastTransitionTime: "2026-11-26T10:01:00Z"}
                - {type: Reconciling, status: "False", reason: Synced, message: "", observedGeneration: 2, lastTransitionTime: "2026-11-26T10:01:00Z"}
                - {type: Stalled, status: "False", reason: Synced, message: "", observedGeneration: 2, lastTransitionTime: "2026-11-26T10:00:00Z"}
            """,
            "Healthy", KstatusStatus.Current, "Synced"),
        new(
            "a spec change the operator has not observed yet",
            """
            apiVersion: streams.crossaccount.io/v1alpha1
            kind: StreamSubscription
            metadata: {name: orders, namespace: team-a, generation: 3}
            status:
              observedGeneration: 2
              conditions:
                - {type: Ready, status: "True", reason: Synced, message: "", observedGeneration: 2, lastTransitionTime: "2026-11-26T10:01:00Z"}
                - {type: Reconciling, status: "False", reason: Synced, message: "", observedGeneration: 2, lastTransitionTime: "2026-11-26T10:01:00Z"}
            """,
            "Progressing", KstatusStatus.InProgress, "generation 3"),
        new(
            "a subscription that cannot converge",
            """
            apiVersion: streams.crossaccount.io/v1alpha1
            kind: StreamSubscription
            metadata: {name: orders, namespace: team-a, generation: 1}
            status:
              observedGeneration: 1
              conditions:
                - {type: Ready, status: "False", reason: FunctionNotFound, message: "Function billing not found in account 333333333333", observedGeneration: 1, lastTransitionTime: "2026-11-26T10:01:00Z"}
                - {type: Reconciling, status: "False", reason: FunctionNotFound, message: "", observedGeneration: 1, lastTransitionTime: "2026-11-26T10:01:00Z"}
                - {type: Stalled, status: "True", reason: FunctionNotFound, message: "Function billing not found in account 333333333333", observedGeneration: 1, lastTransitionTime: "2026-11-26T10:01:00Z"}
            """,
            "Degraded", KstatusStatus.Failed, "FunctionNotFound: Function billing not found"),
        new(
            "a transient AWS error being retried",
            """
            apiVersion: streams.crossaccount.io/v1alpha1
            kind: StreamSubscription
            metadata: {name: orders, namespace: team-a, generation: 1}
            status:
              observedGeneration: 1
              conditions:
                - {type: Ready, status: "False", reason: Throttled, message: "Lambda throttled the request", observedGeneration: 1, lastTransitionTime: "2026-11-26T10:01:00Z"}
                - {type: Reconciling, status: "True", reason: Throttled, message: "Lambda throttled the request; retrying", observedGeneration: 1, lastTransitionTime: "2026-11-26T10:01:00Z"}
                - {type: Stalled, status: "False", reason: Throttled, message: "", observedGeneration: 1, lastTransitionTime: "2026-11-26T10:00:00Z"}
            """,
            "Progressing", KstatusStatus.InProgress, "retrying"),
        new(
            "a Ready condition left over from an older generation",
            """
            apiVersion: streams.crossaccount.io/v1alpha1
            kind: StreamSubscription
            metadata: {name: orders, namespace: team-a, generation: 2}
            status:
              observedGeneration: 2
              conditions:
                - {type: Ready, status: "True", reason: Synced, message: "", observedGeneration: 1, lastTransitionTime: "2026-11-26T10:01:00Z"}
            """,
            "Progressing", KstatusStatus.Current, "generation 1"),
        new(
            "Ready False without Reconciling or Stalled, which Flux cannot tell from done",
            """
            apiVersion: streams.crossaccount.io/v1alpha1
            kind: StreamSubscription
            metadata: {name: orders, namespace: team-a, generation: 1}
            status:
              observedGeneration: 1
              conditions:
                - {type: Ready, status: "False", reason: MappingCreating, message: Mapping is Creating, observedGeneration: 1, lastTransitionTime: "2026-11-26T10:01:00Z"}
            """,
            "Progressing", KstatusStatus.Current, "MappingCreating"),
        new(
            "a subscription being deleted",
            """
            apiVersion: streams.crossaccount.io/v1alpha1
            kind: StreamSubscription
            metadata: {name: orders, namespace: team-a, generation: 2, deletionTimestamp: "2026-11-26T10:05:00Z", finalizers: [streams.crossaccount.io/cleanup]}
            status:
              observedGeneration: 2
              conditions:
                - {type: Ready, status: "True", reason: Synced, message: "", observedGeneration: 2, lastTransitionTime: "2026-11-26T10:01:00Z"}
            """,
            "Progressing", KstatusStatus.Terminating, "deleted"),
        new(
            "an AwsAccount whose role was assumed",
            """
            apiVersion: streams.crossaccount.io/v1alpha1
            kind: AwsAccount
            metadata: {name: source, generation: 1}
            spec: {accountId: "222222222222", roleArn: "arn:aws:iam::222222222222:role/stream-subscription-source"}
            status:
              observedGeneration: 1
              callerAccountId: "222222222222"
              conditions:
                - {type: Ready, status: "True", reason: RoleAssumed, message: "Assumed arn:aws:iam::222222222222:role/stream-subscription-source", observedGeneration: 1, lastTransitionTime: "2026-11-26T10:00:00Z"}
                - {type: Reconciling, status: "False", reason: RoleAssumed, message: "", observedGeneration: 1, lastTransitionTime: "2026-11-26T10:00:00Z"}
                - {type: Stalled, status: "False", reason: RoleAssumed, message: "", observedGeneration: 1, lastTransitionTime: "2026-11-26T10:00:00Z"}
            """,
            "Healthy", KstatusStatus.Current, "RoleAssumed"),
        new(
            "an AwsAccount whose role cannot be assumed",
            """
            apiVersion: streams.crossaccount.io/v1alpha1
            kind: AwsAccount
            metadata: {name: source, generation: 1}
            status:
              observedGeneration: 1
              conditions:
                - {type: Ready, status: "False", reason: AssumeRoleFailed, message: "AccessDenied: not authorized to perform sts:AssumeRole", observedGeneration: 1, lastTransitionTime: "2026-11-26T10:00:00Z"}
                - {type: Stalled, status: "True", reason: AssumeRoleFailed, message: "AccessDenied: not authorized to perform sts:AssumeRole", observedGeneration: 1, lastTransitionTime: "2026-11-26T10:00:00Z"}
            """,
            "Degraded", KstatusStatus.Failed, "AssumeRoleFailed"),
    ];
}
