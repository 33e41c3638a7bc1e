using System.Collections.Concurrent;
using CrossAccountStreams.Operator.Aws.Lambda;
using Microsoft.Extensions.Options;

namespace CrossAccountStreams.Operator.Aws.Caching;

/// <summary>
/// Remembers a function's configuration for <see cref="AwsOptions.FunctionConfigurationCacheDuration"/>, so the
/// subscriptions of one namespace that feed the same function, and the passes of one subscription, share a single
/// GetFunctionConfiguration call. GetFunctionConfiguration counts against Lambda's 15 requests per second control-plane
/// limit, the limit that decides how fast mappings can be created. Entries are per account access and per namespace,
/// never shared across namespaces, so a target account that restricts reads by the namespace session tag still decides
/// for each namespace. A missing function is not remembered: creating it is noticed on the next pass.
/// </summary>
public sealed class CachingFunctionConfigurationReader(
    IFunctionConfigurationReader inner, IOptions<AwsOptions> options, TimeProvider timeProvider) : IFunctionConfigurationReader
{
    private readonly ConcurrentDictionary<CacheKey, CacheEntry> entries = new();
    private readonly TimeSpan duration = options.Value.FunctionConfigurationCacheDuration;
    private long lastSweep;

    public async Task<FunctionConfiguration?> GetAsync(AwsScope scope, string functionName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (duration <= TimeSpan.Zero)
        {
            return await inner.GetAsync(scope, functionName, cancellationToken);
        }

        var key = new CacheKey(scope.Account, scope.Session.Namespace, functionName);
        var now = timeProvider.GetUtcNow();
        if (entries.TryGetValue(key, out var cached) && now < cached.Expires)
        {
            return cached.Configuration;
        }

        var configuration = await inner.GetAsync(scope, functionName, cancellationToken);
        if (configuration is null)
        {
            entries.TryRemove(key, out _);
        }
        else
        {
            entries[key] = new CacheEntry(configuration, now + duration);
        }

        Sweep(now);
        return configuration;
    }

    private void Sweep(DateTimeOffset now)
    {
        // Functions and namespaces come and go: drop lapsed entries at most once per cache duration.
        var last = Interlocked.Read(ref lastSweep);
        if (now.UtcTicks - last < duration.Ticks || Interlocked.CompareExchange(ref lastSweep, now.UtcTicks, last) != last)
        {
            return;
        }

        foreach (var (key, entry) in entries)
        {
            if (entry.Expires <= now)
            {
                entries.TryRemove(new KeyValuePair<CacheKey, CacheEntry>(key, entry));
            }
        }
    }

    private readonly record struct CacheKey(AwsAccountAccess Account, string? Namespace, string FunctionName);

    private sealed record CacheEntry(FunctionConfiguration Configuration, DateTimeOffset Expires);
}
