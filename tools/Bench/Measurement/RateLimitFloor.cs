using LocalAws.Limits;

namespace CrossAccountStreams.Bench.Measurement;

/// <summary>One account's writes in one rate-limit family and the time the limit needs to let them through.</summary>
public sealed record FloorTerm(string Account, string Family, int Writes, double RequestsPerSecond)
{
    public TimeSpan Time => TimeSpan.FromSeconds(Writes / RequestsPerSecond);
}

/// <summary>
/// The least time the rate limits allow for the writes a run needs: per (account, family) writes ÷ allowed rate; the
/// accounts work in parallel, so the largest term binds. Reads are not counted: the floor is what no design can beat.
/// </summary>
public static class RateLimitFloor
{
    public static FloorTerm? Binding(IReadOnlyDictionary<(string Account, string Family), int> writes, RateLimitOptions limits)
    {
        ArgumentNullException.ThrowIfNull(writes);
        ArgumentNullException.ThrowIfNull(limits);
        return writes
            .Where(w => limits.RequestsPerSecond.TryGetValue(w.Key.Family, out var rate) && rate > 0)
            .Select(w => new FloorTerm(w.Key.Account, w.Key.Family, w.Value, limits.RequestsPerSecond[w.Key.Family]))
            .MaxBy(t => t.Time);
    }
}
