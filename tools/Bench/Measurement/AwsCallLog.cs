using LocalAws;

namespace CrossAccountStreams.Bench.Measurement;

/// <summary>
/// Follows LocalAws's call log, which keeps only the latest 100,000 calls: each <see cref="Drain"/> returns the calls
/// answered since the previous one, so a run of any length is counted completely as long as it is drained more often
/// than every 100,000 calls.
/// </summary>
public sealed class AwsCallLog(AwsWorld world)
{
    private readonly List<CallRecord> all = [];
    private readonly Lock sync = new();
    private CallRecord? lastSeen;

    /// <summary>How many calls have been seen so far; positions for <see cref="Between"/>.</summary>
    public int Count
    {
        get
        {
            lock (sync)
            {
                return all.Count;
            }
        }
    }

    public IReadOnlyList<CallRecord> Drain()
    {
        var snapshot = world.Calls;
        lock (sync)
        {
            var start = 0;
            if (lastSeen is not null)
            {
                // Records are compared by identity: two calls can be equal in every field.
                for (var i = snapshot.Count - 1; i >= 0; i--)
                {
                    if (ReferenceEquals(snapshot[i], lastSeen))
                    {
                        start = i + 1;
                        break;
                    }
                }
            }

            var fresh = snapshot.Skip(start).ToList();
            if (fresh.Count > 0)
            {
                lastSeen = fresh[^1];
                all.AddRange(fresh);
            }

            return fresh;
        }
    }

    /// <summary>The calls from position <paramref name="from"/> (a former <see cref="Count"/>) to <paramref name="to"/>.</summary>
    public IReadOnlyList<CallRecord> Between(int from, int to)
    {
        lock (sync)
        {
            return all.GetRange(from, to - from);
        }
    }

    public DateTimeOffset? LastCallTime
    {
        get
        {
            lock (sync)
            {
                return all.Count == 0 ? null : all[^1].Timestamp;
            }
        }
    }
}
