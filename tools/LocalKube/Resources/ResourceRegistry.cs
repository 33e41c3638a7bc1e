namespace LocalKube.Resources;

/// <summary>The set of served resources, changed as CRDs come and go.</summary>
public sealed class ResourceRegistry
{
    private readonly Lock _gate = new();
    private List<ResourceType> _types = [];

    public IReadOnlyList<ResourceType> All
    {
        get
        {
            lock (_gate)
            {
                return _types;
            }
        }
    }

    public void Add(IEnumerable<ResourceType> types)
    {
        lock (_gate)
        {
            var added = types.ToList();
            var keys = added.Select(t => (t.Group, t.Version, t.Plural)).ToHashSet();
            _types = [.. _types.Where(t => !keys.Contains((t.Group, t.Version, t.Plural))), .. added];
        }
    }

    /// <summary>Removes every version of a resource (a deleted CRD).</summary>
    public void Remove(string group, string plural)
    {
        lock (_gate)
        {
            _types = [.. _types.Where(t => t.Group != group || t.Plural != plural)];
        }
    }

    public ResourceType? Find(string group, string version, string plural) =>
        All.FirstOrDefault(t => t.Group == group && t.Version == version && t.Plural == plural);

    public bool HasGroupVersion(string group, string version) => All.Any(t => t.Group == group && t.Version == version);

    /// <summary>Groups (core group excluded) with their versions, in first-registered order.</summary>
    public IReadOnlyList<(string Group, IReadOnlyList<string> Versions)> Groups() =>
        [.. All.Where(t => t.Group.Length > 0)
            .GroupBy(t => t.Group)
            .Select(g => (g.Key, (IReadOnlyList<string>)[.. g.Select(t => t.Version).Distinct()]))];
}
