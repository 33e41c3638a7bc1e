using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace CrossAccountStreams.Operator.Aws.Credentials;

/// <summary>
/// Assumes an account's role and caches the session until shortly before it expires. Sessions carry tags naming the
/// object acted for, so the cache key is the role, the external ID and that object: two objects never share a
/// session, and one object's calls reuse its session.
/// </summary>
public sealed class AccountCredentialsProvider(IRoleAssumer roleAssumer, IOptions<AwsOptions> options, TimeProvider timeProvider)
    : IAccountCredentialsProvider
{
    private readonly ConcurrentDictionary<CacheKey, CacheEntry> sessions = new();
    private readonly AwsOptions settings = options.Value;

    public async Task<TemporaryCredentials> GetAsync(AwsScope scope, CancellationToken cancellationToken)
    {
        var key = new CacheKey(scope.Account.RoleArn, scope.Account.ExternalId, scope.Session);
        var entry = sessions.GetOrAdd(key, static _ => new CacheEntry());
        if (entry.Credentials is { } cached && IsFresh(cached))
        {
            return cached;
        }

        await entry.Lock.WaitAsync(cancellationToken);
        try
        {
            if (entry.Credentials is { } renewed && IsFresh(renewed))
            {
                return renewed;
            }

            var input = new AssumeRoleInput(
                scope.Account.RoleArn,
                scope.Account.ExternalId,
                SessionNaming.RoleSessionName(settings.ClusterName, scope.Session),
                SessionNaming.SessionTags(settings.ClusterName, scope.Session),
                settings.SessionDuration,
                scope.Account.Region);
            var credentials = await roleAssumer.AssumeRoleAsync(input, cancellationToken);
            entry.Credentials = credentials;
            EvictExpired();
            return credentials;
        }
        finally
        {
            entry.Lock.Release();
        }
    }

    private bool IsFresh(TemporaryCredentials credentials) =>
        timeProvider.GetUtcNow() < credentials.Expiration - settings.RefreshBeforeExpiry;

    private void EvictExpired()
    {
        // Objects come and go; drop sessions nobody renewed before they lapsed.
        var now = timeProvider.GetUtcNow();
        foreach (var (key, entry) in sessions)
        {
            if (entry.Credentials is { } credentials && credentials.Expiration <= now)
            {
                sessions.TryRemove(new KeyValuePair<CacheKey, CacheEntry>(key, entry));
            }
        }
    }

    private readonly record struct CacheKey(string RoleArn, string? ExternalId, SessionContext Session);

    private sealed class CacheEntry
    {
        public SemaphoreSlim Lock { get; } = new(1, 1);

        public volatile TemporaryCredentials? Credentials;
    }
}
