using LocalAws.Protocols;

namespace LocalAws.Limits;

/// <summary>Requests per second (and burst) for each API family; a family absent from the map is unlimited.</summary>
public sealed class RateLimitOptions
{
    /// <summary>
    /// Family name to requests per second. Families: "lambda-control" (every Lambda API except GetFunction; AWS:
    /// 15 rps), "lambda-getfunction" (100 rps), "dynamodb-control" (table and policy APIs; AWS: 2,500 rps),
    /// "dynamodb-data" (item APIs), "streams-describe" (DescribeStream, 10 rps), "streams-list" (ListStreams, 5 rps),
    /// "streams-read" (GetShardIterator, GetRecords), "sts" (600 rps).
    /// </summary>
    public Dictionary<string, double> RequestsPerSecond { get; } = new(StringComparer.Ordinal)
    {
        ["lambda-control"] = 15,
        ["lambda-getfunction"] = 100,
        ["dynamodb-control"] = 2500,
        ["streams-describe"] = 10,
        ["streams-list"] = 5,
        ["sts"] = 600,
    };

    /// <summary>How many seconds of rate a bucket holds when full (its burst).</summary>
    public double BurstSeconds { get; set; } = 1;

    public static string FamilyOf(AwsService service, string operation) => service switch
    {
        AwsService.Lambda => operation is "GetFunction" ? "lambda-getfunction" : "lambda-control",
        AwsService.Sts => "sts",
        AwsService.DynamoDbStreams => operation switch
        {
            "DescribeStream" => "streams-describe",
            "ListStreams" => "streams-list",
            _ => "streams-read",
        },
        _ => operation is "PutItem" or "GetItem" or "UpdateItem" or "DeleteItem" or "Scan" or "Query" ? "dynamodb-data" : "dynamodb-control",
    };
}

/// <summary>Token buckets per (account, API family), refilled from the <see cref="TimeProvider"/>.</summary>
public sealed class RateLimiter(RateLimitOptions options, TimeProvider time)
{
    private readonly Dictionary<(string Account, string Family), Bucket> buckets = [];
    private readonly Lock sync = new();

    public bool Enabled { get; set; } = true;

    public RateLimitOptions Options => options;

    public bool TryAcquire(string accountId, AwsService service, string operation)
    {
        if (!Enabled)
        {
            return true;
        }
        var family = RateLimitOptions.FamilyOf(service, operation);
        if (!options.RequestsPerSecond.TryGetValue(family, out var rate) || rate <= 0)
        {
            return true;
        }
        var capacity = Math.Max(1, rate * options.BurstSeconds);
        var now = time.GetTimestamp();
        lock (sync)
        {
            if (!buckets.TryGetValue((accountId, family), out var bucket))
            {
                bucket = new Bucket(capacity, now);
                buckets[(accountId, family)] = bucket;
            }
            var elapsed = time.GetElapsedTime(bucket.LastRefill, now).TotalSeconds;
            bucket.Tokens = Math.Min(capacity, bucket.Tokens + (elapsed * rate));
            bucket.LastRefill = now;
            if (bucket.Tokens < 1)
            {
                return false;
            }
            bucket.Tokens -= 1;
            return true;
        }
    }

    private sealed class Bucket(double tokens, long lastRefill)
    {
        public double Tokens { get; set; } = tokens;
        public long LastRefill { get; set; } = lastRefill;
    }
}
