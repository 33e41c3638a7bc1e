namespace CrossAccountStreams.Entities;

/// <summary>
/// Condition types the operator writes. <see cref="Ready"/>, <see cref="Reconciling"/> and <see cref="Stalled"/>
/// follow kstatus, which kubectl wait, Argo CD and Flux read; the others give detail.
/// </summary>
public static class ConditionTypes
{
    /// <summary>True when AWS matches the spec of <c>status.observedGeneration</c>.</summary>
    public const string Ready = "Ready";

    /// <summary>True while the operator is still working towards the spec (abnormal-true, kstatus).</summary>
    public const string Reconciling = "Reconciling";

    /// <summary>True when the operator cannot converge without a change to the spec or to AWS outside its control (abnormal-true, kstatus).</summary>
    public const string Stalled = "Stalled";

    /// <summary>StreamSubscription: the statement granting the function's execution role read access is in the stream's resource policy.</summary>
    public const string StreamPolicyReady = "StreamPolicyReady";

    /// <summary>StreamSubscription: the event source mapping exists with the declared configuration.</summary>
    public const string EventSourceMappingReady = "EventSourceMappingReady";

    /// <summary>StreamSubscription: both AwsAccounts exist, are Ready and allow this namespace and region.</summary>
    public const string AccountsAuthorized = "AccountsAuthorized";
}
