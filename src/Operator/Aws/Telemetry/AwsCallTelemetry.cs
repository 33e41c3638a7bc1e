
namespace CrossAccountStreams.Operator.Aws.Telemetry;

/// <summary>Logs (debug) and counts every AWS call with its account, operation and outcome.</summary>
public sealed partial class AwsCallTelemetry(ILogger<AwsCallTelemetry> logger, IAwsCallMetrics metrics)
{
    public const string Success = "Success";

    public async Task<T> ObserveAsync<T>(string service, string operation, string accountId, Func<Task<T>> call)
    {
        try
        {
            var result = await call();
            Record(service, operation, accountId, Success);
            return result;
        }
        catch (AwsOperationException e)
        {
            Record(service, operation, accountId, e.Kind.ToString());
            throw;
        }
        catch (OperationCanceledException)
        {
            Record(service, operation, accountId, "Cancelled");
            throw;
        }
    }

    private void Record(string service, string operation, string accountId, string outcome)
    {
        metrics.Record(service, operation, outcome);
        LogCall(logger, service, operation, accountId, outcome);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Called {Service} {Operation} in account {AccountId}: {Outcome}")]
    private static partial void LogCall(ILogger logger, string service, string operation, string accountId, string outcome);
}
