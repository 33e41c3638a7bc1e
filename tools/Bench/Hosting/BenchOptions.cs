namespace CrossAccountStreams.Bench.Hosting;

/// <summary>What one invocation of the bench measures.</summary>
public sealed record BenchOptions
{
    /// <summary>Subscription counts, each measured in a fresh world with a fresh operator, in this order.</summary>
    public IReadOnlyList<int> Sizes { get; init; } = [1000];

    /// <summary>The operator's --concurrency (reconcile workers per kind); the chart's default is 4.</summary>
    public int Concurrency { get; init; } = 4;

    /// <summary>The operator's --resync; null picks one per size, long enough that creating does not overlap it.</summary>
    public TimeSpan? Resync { get; init; }

    /// <summary>Stop once all are Ready, without waiting for a steady-state resync (for quick comparisons).</summary>
    public bool SkipResync { get; init; }

    /// <summary>How long all subscriptions get to become Ready; null picks one per size from the rate-limit floor.</summary>
    public TimeSpan? ReadyTimeout { get; init; }

    /// <summary>How many StreamSubscriptions are created at once, as a CI pipeline applying a folder would.</summary>
    public int ApplyParallelism { get; init; } = 8;

    /// <summary>Where kubeconfigs and operator logs go; null is a new folder under the system's temporary folder.</summary>
    public string? StateDirectory { get; init; }

    /// <summary>Extra environment variables for the operator process (runtime settings to compare, e.g. DOTNET_TieredPGO=0).</summary>
    public IReadOnlyDictionary<string, string> OperatorEnvironment { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>A file to write the Markdown report to, besides printing it.</summary>
    public string? OutputFile { get; init; }
}
