using System.Globalization;
using System.Net;
using System.Net.Sockets;
using LocalAws;

namespace CrossAccountStreams.Reliability.Tests.Operator;

/// <summary>
/// Flags and environment of the operator under test: the platform operator identity of the LocalAws world, the
/// LocalKube kubeconfig, and timings shortened so a run fits in minutes (a resync every minute, quick re-checks of
/// mappings in transition, and retry back-off capped at 5 s instead of 5 min). Nothing about faults is special-cased.
/// </summary>
public sealed record OperatorLaunch(IReadOnlyList<string> Arguments, IReadOnlyDictionary<string, string> Environment)
{
    /// <summary>Workers per kind: AWS answers slowly under injected latency, so many reconciles wait at once.</summary>
    public const int Concurrency = 64;

    public static OperatorLaunch Create(string kubeconfig, Uri awsEndpoint)
    {
        ArgumentNullException.ThrowIfNull(awsEndpoint);
        var metricsPort = FreePort();
        var healthPort = FreePort();
        while (healthPort == metricsPort)
        {
            healthPort = FreePort();
        }

        string[] arguments =
        [
            "--kubeconfig", kubeconfig,
            "--concurrency", Concurrency.ToString(CultureInfo.InvariantCulture),
            "--resync", "1m",
            "--leader-elect", "false",
            "--metrics-port", metricsPort.ToString(CultureInfo.InvariantCulture),
            "--health-port", healthPort.ToString(CultureInfo.InvariantCulture),
            "--log-level", "Information",
            "--log-format", "text",
            "--cluster-name", "faults",
        ];
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["AWS_ACCESS_KEY_ID"] = DefaultWorld.OperatorAccessKeyId,
            ["AWS_SECRET_ACCESS_KEY"] = DefaultWorld.OperatorSecretAccessKey,
            ["AWS_REGION"] = DefaultWorld.Region,
            ["AWS_ENDPOINT_URL"] = awsEndpoint.GetLeftPart(UriPartial.Authority),
            ["AWS_STS_REGIONAL_ENDPOINTS"] = "regional",
            ["AWS_EC2_METADATA_DISABLED"] = "true",
            ["Operator__ListenAddress"] = "127.0.0.1",
            ["Operator__WorkQueue__MaxDelay"] = "5s",
            ["Reconciliation__ProgressRequeue"] = "00:00:00.500",
            ["Reconciliation__StalledRecheck"] = "00:00:05",
        };
        return new OperatorLaunch(arguments, environment);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
