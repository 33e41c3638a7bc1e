namespace CrossAccountStreams.Operator.Runtime.LeaderElection;

/// <summary>What this replica knows about leadership, for readiness output and metrics.</summary>
public sealed class LeadershipStatus
{
    private volatile bool isLeader;
    private volatile string? leader;

    /// <summary>False when the replica runs without leader election (it always works).</summary>
    public bool Enabled { get; init; }

    public bool IsLeader => isLeader;

    /// <summary>Identity of the replica last seen holding the Lease, if any.</summary>
    public string? Leader => leader;

    internal void SetLeading(bool value) => isLeader = value;

    internal void SetLeader(string? identity) => leader = identity;
}
