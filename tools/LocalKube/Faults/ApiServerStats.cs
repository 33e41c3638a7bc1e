using System.Collections.Concurrent;

namespace LocalKube.Faults;

/// <summary>Counts requests by verb (get, list, watch, create, update, patch, delete, deletecollection) and resource.</summary>
public sealed class ApiServerStats
{
    private readonly ConcurrentDictionary<(string Verb, string Resource), long> _counts = new();
    private readonly ConcurrentDictionary<ApiRequestKind, long> _kinds = new();

    /// <summary>Requests seen for a verb on a resource (plural, or <c>plural/status</c>); <c>*</c> matches any.</summary>
    public long Count(string verb, string resource = "*") =>
        _counts.Where(p => (verb == "*" || p.Key.Verb == verb) && (resource == "*" || p.Key.Resource == resource)).Sum(p => p.Value);

    public long Total => _counts.Values.Sum();

    public IReadOnlyDictionary<(string Verb, string Resource), long> Snapshot() => new Dictionary<(string, string), long>(_counts);

    /// <summary>
    /// Requests by what an RBAC rule would have to grant (verb, API group, resource, subresource) and by the client's
    /// User-Agent, so the permissions one client really uses can be told apart from another's on the same server.
    /// </summary>
    public IReadOnlyDictionary<ApiRequestKind, long> RequestKinds() => new Dictionary<ApiRequestKind, long>(_kinds);

    public void Reset()
    {
        _counts.Clear();
        _kinds.Clear();
    }

    internal void Record(string verb, string resource) => _counts.AddOrUpdate((verb, resource), 1, (_, n) => n + 1);

    internal void Record(ApiRequestKind kind) => _kinds.AddOrUpdate(kind, 1, (_, n) => n + 1);
}

/// <summary>
/// One kind of resource request: the RBAC attributes it is authorised by (the API group is empty for the core group,
/// the subresource empty for the resource itself), and the User-Agent of the client that sent it.
/// </summary>
public sealed record ApiRequestKind(string Verb, string Group, string Resource, string Subresource, string UserAgent);
