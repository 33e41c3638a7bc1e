namespace CrossAccountStreams.Operator.Runtime.LeaderElection;

/// <summary>Which Lease to compete for and how; durations follow client-go's defaults (15 s, 10 s, 2 s).</summary>
public sealed record LeaderElectionSettings(string LeaseName, string LeaseNamespace, string Identity)
{
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(15);

    public TimeSpan RenewDeadline { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan RetryPeriod { get; init; } = TimeSpan.FromSeconds(2);
}
