using System.Collections.Concurrent;

namespace LocalKube.Faults;

/// <summary>Counts requests by verb (get, list, watch, create, update, patch, delete, deletecollection) and resource.</summary>
public sealed class ApiServerStats
{
    private readonly ConcurrentDictionary<(string Verb, string Resource), long> _counts = new();

    /// <summary>Requests seen for a verb on a resource (plural, or <c>plural/status</c>); <c>*</c> matches any.</summary>
    public long Count(string verb, string resource = "*") =>
        _counts.Where(p => (verb == "*" || p.Key.Verb == verb) && (resource == "*" || p.Key.Resource == resource)).Sum(p => p.Value);

    public long Total => _counts.Values.Sum();

    public IReadOnlyDictionary<(string Verb, string Resource), long> Snapshot() => new Dictionary<(string, string), long>(_counts);

    public void Reset() => _counts.Clear();

    internal void Record(string verb, string resource) => _counts.AddOrUpdate((verb, resource), 1, (_, n) => n + 1);
}
