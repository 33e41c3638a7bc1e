using System.Diagnostics.Metrics;

namespace CrossAccountStreams.Operator.Aws.Telemetry;

/// <summary>Counts AWS calls on the operator's <see cref="Meter"/>, which the host exports.</summary>
public sealed class AwsCallMetrics : IAwsCallMetrics
{
    public const string MeterName = "CrossAccountStreams.Operator";
    public const string CounterName = "crossaccountstreams.aws.calls";

    private readonly Counter<long> calls;

    public AwsCallMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        calls = meter.CreateCounter<long>(CounterName, unit: "{call}", description: "AWS API calls by service, operation and outcome.");
    }

    public void Record(string service, string operation, string outcome) =>
        calls.Add(1, new("service", service), new("operation", operation), new("outcome", outcome));
}
