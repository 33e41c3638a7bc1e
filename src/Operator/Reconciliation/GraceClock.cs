using System.Collections.Concurrent;

namespace CrossAccountStreams.Operator.Reconciliation;

/// <summary>
/// Remembers since when an error has been seen for a key, so errors that usually clear on their own (IAM
/// propagation) are retried for a while before being reported as Stalled. In memory: a restart starts the grace anew.
/// </summary>
public sealed class GraceClock(TimeProvider timeProvider)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> firstSeen = new();

    /// <summary>Records the error (if new) and says whether it is still within <paramref name="grace"/>.</summary>
    public bool WithinGrace(string key, TimeSpan grace)
    {
        var now = timeProvider.GetUtcNow();
        var since = firstSeen.GetOrAdd(key, now);
        return now - since < grace;
    }

    public void Clear(string keyPrefix)
    {
        foreach (var key in firstSeen.Keys.Where(k => k.StartsWith(keyPrefix, StringComparison.Ordinal)))
        {
            firstSeen.TryRemove(key, out _);
        }
    }
}
