namespace CrossAccountStreams.Operator.Runtime;

/// <summary>
/// What a reconcile asks of the runtime. <see cref="Done"/> forgets the key's back-off (the periodic resync still
/// comes round); <see cref="After"/> re-queues the key after a delay. A thrown exception means a retry with per-key
/// exponential back-off; <see cref="TerminalReconcileException"/> means no retry until the object changes.
/// </summary>
public sealed record ReconcileResult(TimeSpan? RequeueAfter)
{
    public static ReconcileResult Done { get; } = new((TimeSpan?)null);

    public static ReconcileResult After(TimeSpan delay) => new(delay);
}

/// <summary>An error no retry can fix; the reconciler has already reported it in status.</summary>
public sealed class TerminalReconcileException(string message, Exception? inner = null) : Exception(message, inner);
