namespace CrossAccountStreams.Operator.Hosting;

/// <summary>
/// Settings of the operator process, section <c>Operator</c>: from appsettings.json, environment variables
/// (<c>Operator__Concurrency=8</c>) and command-line flags (<c>--concurrency 8</c>), later sources winning.
/// Durations accept <c>90s</c>, <c>10m</c>, <c>1h</c> or TimeSpan text.
/// </summary>
public sealed class OperatorOptions
{
    public const string SectionName = "Operator";

    /// <summary>Path of a kubeconfig; empty means in-cluster when KUBERNETES_SERVICE_HOST is set, else $KUBECONFIG or ~/.kube/config.</summary>
    public string? Kubeconfig { get; set; }

    /// <summary>Watch StreamSubscriptions in this namespace only; empty watches all namespaces.</summary>
    public string? Namespace { get; set; }

    /// <summary>Workers per controller.</summary>
    public int Concurrency { get; set; } = 4;

    /// <summary>How often every object is reconciled again even without a change, to repair drift in AWS.</summary>
    public string Resync { get; set; } = "10m";

    public bool LeaderElect { get; set; }

    public int MetricsPort { get; set; } = 8080;

    public int HealthPort { get; set; } = 8081;

    /// <summary>Address the metrics and health ports listen on; any address by default.</summary>
    public string ListenAddress { get; set; } = "*";

    /// <summary>Verbose, Debug, Information, Warning, Error or Fatal (Trace and Critical are accepted too).</summary>
    public string LogLevel { get; set; } = "Information";

    /// <summary>json, text, or auto (text when a terminal is attached, else compact JSON).</summary>
    public string LogFormat { get; set; } = "auto";

    /// <summary>Name of this cluster, passed to AWS as a session tag so CloudTrail shows which cluster acted.</summary>
    public string ClusterName { get; set; } = "default";

    /// <summary>How long a graceful shutdown waits for reconciles in flight before cancelling them.</summary>
    public string ShutdownTimeout { get; set; } = "30s";

    public LeaderElectionOptions LeaderElection { get; set; } = new();

    public WorkQueueOptions WorkQueue { get; set; } = new();

    public TimeSpan ResyncPeriod => DurationFormat.Parse(Resync, "Operator:Resync");

    public TimeSpan ShutdownTimeoutPeriod => DurationFormat.Parse(ShutdownTimeout, "Operator:ShutdownTimeout");

    /// <summary>The longest a graceful stop takes: the drain, then releasing the Lease and closing the servers.</summary>
    public TimeSpan HostShutdownTimeout => ShutdownTimeoutPeriod + TimeSpan.FromSeconds(15);
}

public sealed class LeaderElectionOptions
{
    public string LeaseName { get; set; } = "stream-subscription-operator";

    /// <summary>Namespace of the Lease; empty means $POD_NAMESPACE, else <c>default</c>.</summary>
    public string? LeaseNamespace { get; set; }

    /// <summary>This replica's identity in the Lease; empty means $POD_NAME, else the host name.</summary>
    public string? Identity { get; set; }

    public string LeaseDuration { get; set; } = "15s";

    public string RenewDeadline { get; set; } = "10s";

    public string RetryPeriod { get; set; } = "2s";

    public string ResolvedNamespace =>
        FirstNonEmpty(LeaseNamespace, Environment.GetEnvironmentVariable("POD_NAMESPACE")) ?? "default";

    public string ResolvedIdentity =>
        FirstNonEmpty(Identity, Environment.GetEnvironmentVariable("POD_NAME")) ?? Environment.MachineName;

    private static string? FirstNonEmpty(params string?[] values) => values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
}

/// <summary>Retry pacing: per-key exponential back-off and an overall token bucket (client-go's defaults).</summary>
public sealed class WorkQueueOptions
{
    public string BaseDelay { get; set; } = "5ms";

    public string MaxDelay { get; set; } = "5m";

    public double RatePerSecond { get; set; } = 10;

    public int Burst { get; set; } = 100;
}
