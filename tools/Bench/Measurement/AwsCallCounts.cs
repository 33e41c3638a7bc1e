using LocalAws;
using LocalAws.Limits;
using LocalAws.Protocols;

namespace CrossAccountStreams.Bench.Measurement;

/// <summary>AWS calls of one phase, by operation: answered, throttled by the rate limits, and failed with another error.</summary>
public sealed record AwsCallCounts(IReadOnlyDictionary<string, int> Succeeded, IReadOnlyDictionary<string, int> Throttled, IReadOnlyDictionary<string, int> Failed, int Writes)
{
    /// <summary>The error codes LocalAws answers a throttled request with (Lambda, DynamoDB and Streams, STS).</summary>
    public static readonly IReadOnlySet<string> ThrottleCodes = new HashSet<string>(StringComparer.Ordinal)
    {
        "TooManyRequestsException", "ThrottlingException", "Throttling",
    };

    /// <summary>Operations that change AWS state; everything else the operator calls only reads.</summary>
    public static readonly IReadOnlySet<string> WriteOperations = new HashSet<string>(StringComparer.Ordinal)
    {
        "PutResourcePolicy", "DeleteResourcePolicy", "CreateEventSourceMapping", "UpdateEventSourceMapping",
        "DeleteEventSourceMapping", "TagResource", "UntagResource", "CreateTable", "UpdateTable", "DeleteTable",
    };

    public int Total => Succeeded.Values.Sum() + Throttled.Values.Sum() + Failed.Values.Sum();

    public static AwsCallCounts Of(IEnumerable<CallRecord> calls)
    {
        ArgumentNullException.ThrowIfNull(calls);
        var succeeded = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var throttled = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var failed = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var writes = 0;
        foreach (var call in calls)
        {
            var key = $"{call.Service}:{call.Operation}";
            var bucket = call.Outcome == "Success" ? succeeded : ThrottleCodes.Contains(call.Outcome) ? throttled : failed;
            bucket[key] = bucket.GetValueOrDefault(key) + 1;
            if (call.Outcome == "Success" && WriteOperations.Contains(call.Operation))
            {
                writes++;
            }
        }

        return new AwsCallCounts(succeeded, throttled, failed, writes);
    }

    /// <summary>Answered writes by (caller account, rate-limit family): what the rate limits have to let through.</summary>
    public static IReadOnlyDictionary<(string Account, string Family), int> WritesByFamily(IEnumerable<CallRecord> calls)
    {
        ArgumentNullException.ThrowIfNull(calls);
        return calls
            .Where(c => c.Outcome == "Success" && WriteOperations.Contains(c.Operation) && c.CallerAccount is not null)
            .GroupBy(c => (c.CallerAccount!, RateLimitOptions.FamilyOf(ServiceOf(c.Service), c.Operation)))
            .ToDictionary(g => g.Key, g => g.Count());
    }

    private static AwsService ServiceOf(string logName) => logName switch
    {
        "lambda" => AwsService.Lambda,
        "sts" => AwsService.Sts,
        "dynamodbstreams" => AwsService.DynamoDbStreams,
        _ => AwsService.DynamoDb,
    };
}
