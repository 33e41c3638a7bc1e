namespace CrossAccountStreams.Operator.Aws.Telemetry;

/// <summary>Counts AWS calls by service, operation and outcome.</summary>
public interface IAwsCallMetrics
{
    void Record(string service, string operation, string outcome);
}
