using System.Globalization;
using LocalAws;

namespace CrossAccountStreams.Sandbox.Operator;

/// <summary>
/// The command line and environment of the operator process: the flags a Helm deployment passes and the standard
/// AWS variables, pointing at the emulators. The identity is the platform account's operator key, as a workload
/// identity would provide it in a cluster.
/// </summary>
public sealed record OperatorLaunch(IReadOnlyList<string> Arguments, IReadOnlyDictionary<string, string> Environment)
{
    public const string ClusterName = "sandbox";

    /// <summary>AWS variables of the user's shell that would change who the operator is or where it calls; they are removed.</summary>
    public static bool IsInheritedAwsSetting(string variable) =>
        variable.StartsWith("AWS_", StringComparison.OrdinalIgnoreCase);

    public static OperatorLaunch Create(string kubeconfig, Uri awsEndpoint, string region, int metricsPort, int healthPort)
    {
        ArgumentNullException.ThrowIfNull(awsEndpoint);
        string[] arguments =
        [
            "--kubeconfig", kubeconfig,
            "--concurrency", "4",
            // Shorter than a cluster's 10m so drift repair is visible while you watch.
            "--resync", "2m",
            "--leader-elect", "false",
            "--metrics-port", metricsPort.ToString(CultureInfo.InvariantCulture),
            "--health-port", healthPort.ToString(CultureInfo.InvariantCulture),
            "--log-level", "Information",
            // The log goes to a file a person reads; a cluster would use json for its log collector.
            "--log-format", "text",
            "--cluster-name", ClusterName,
        ];
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["AWS_ACCESS_KEY_ID"] = DefaultWorld.OperatorAccessKeyId,
            ["AWS_SECRET_ACCESS_KEY"] = DefaultWorld.OperatorSecretAccessKey,
            ["AWS_REGION"] = region,
            ["AWS_ENDPOINT_URL"] = awsEndpoint.GetLeftPart(UriPartial.Authority),
            ["AWS_STS_REGIONAL_ENDPOINTS"] = "regional",
            ["AWS_EC2_METADATA_DISABLED"] = "true",
            // Loopback only: the metrics and health ports are for this machine.
            ["Operator__ListenAddress"] = "127.0.0.1",
        };
        return new OperatorLaunch(arguments, environment);
    }
}
