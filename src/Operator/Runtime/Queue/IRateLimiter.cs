namespace CrossAccountStreams.Operator.Runtime.Queue;

/// <summary>Decides how long a key waits before it is retried (client-go's workqueue rate limiter, ported in idea).</summary>
public interface IRateLimiter
{
    /// <summary>Records one more failure of <paramref name="key"/> and returns how long it waits before the retry.</summary>
    TimeSpan When(ObjectKey key);

    /// <summary>Clears the failure history of <paramref name="key"/>; called after a successful reconcile.</summary>
    void Forget(ObjectKey key);

    /// <summary>How many times <paramref name="key"/> has failed since it was last forgotten.</summary>
    int NumRequeues(ObjectKey key);
}
