using CrossAccountStreams.Bench.Measurement;

namespace CrossAccountStreams.Bench.Reporting;

/// <summary>Everything measured for one subscription count. Durations are null when the run did not get that far.</summary>
public sealed record BenchResult
{
    public required int Subscriptions { get; init; }

    public required string WorldDescription { get; init; }

    public required TimeSpan Resync { get; init; }

    public required int Concurrency { get; init; }

    public int ReadyCount { get; init; }

    public TimeSpan? ApplyDuration { get; init; }

    public TimeSpan? TimeToAllReady { get; init; }

    public FloorTerm? Floor { get; init; }

    public double? FloorRatio => TimeToAllReady is { } ready && Floor is { } floor && floor.Time > TimeSpan.Zero ? ready / floor.Time : null;

    public AwsCallCounts? CreateCalls { get; init; }

    public AwsCallCounts? SteadyCalls { get; init; }

    public TimeSpan? SteadyWindow { get; init; }

    public IReadOnlyDictionary<string, long>? CreateApiRequests { get; init; }

    public IReadOnlyDictionary<string, long>? SteadyApiRequests { get; init; }

    public TimeSpan? ReadyP50 { get; init; }

    public TimeSpan? ReadyP99 { get; init; }

    public TimeSpan? StartToFirstAwsCall { get; init; }

    public TimeSpan? StartToFirstStatusWrite { get; init; }

    public TimeSpan? StartToReadyz { get; init; }

    public long? PeakRssKiB { get; init; }

    public long? RssAtReadyKiB { get; init; }

    public TimeSpan? CpuCreate { get; init; }

    public TimeSpan? CpuTotal { get; init; }

    public IReadOnlyList<string> Problems { get; init; } = [];
}
