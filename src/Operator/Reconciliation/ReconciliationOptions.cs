using System.ComponentModel.DataAnnotations;

namespace CrossAccountStreams.Operator.Reconciliation;

/// <summary>Timing of the reconcilers (section <c>Reconciliation</c>).</summary>
public sealed class ReconciliationOptions
{
    public const string Section = "Reconciliation";

    /// <summary>How soon to look again while Lambda applies a change (mapping Creating, Updating, Deleting).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan ProgressRequeue { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often a Stalled subscription is checked again, since a fix may come from outside (an AwsAccount, IAM).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan StalledRecheck { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often AwsAccounts are verified again (assume role, caller identity).</summary>
    [Range(typeof(TimeSpan), "00:00:10", "1.00:00:00")]
    public TimeSpan AccountVerification { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long "Invalid principal" is retried: IAM needs a while before a new role can be named in a policy.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan InvalidPrincipalGrace { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long access denied is treated as IAM propagation before it is reported as Stalled.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan AccessDeniedGrace { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// How long a Ready subscription keeps its Ready status while re-checks fail with throttling or server errors;
    /// a longer outage is reported (Ready=False, Reconciling=True). Stops Ready flapping under AWS throttling.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan TransientErrorTolerance { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How many times a policy write is re-read and retried when another writer changed the policy first.</summary>
    [Range(1, 20)]
    public int PolicyWriteAttempts { get; set; } = 5;

    /// <summary>More readers than this on one stream get a warning: DynamoDB throttles more than two readers per shard.</summary>
    [Range(1, 100)]
    public int StreamReaderWarningThreshold { get; set; } = 2;

    /// <summary>lastSyncTime is refreshed at most this often when nothing else in status changed, to spare the API server.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan SyncTimeRefresh { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Region used to verify an AwsAccount that lists no Regions.</summary>
    [Required]
    public string DefaultRegion { get; set; } = "us-east-1";
}
