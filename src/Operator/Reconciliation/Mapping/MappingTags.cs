namespace CrossAccountStreams.Operator.Reconciliation.Mapping;

/// <summary>Which of the spec's tags an existing mapping lacks or carries with another value.</summary>
public static class MappingTags
{
    public static IReadOnlyDictionary<string, string> ToApply(IReadOnlyDictionary<string, string> desired, IReadOnlyDictionary<string, string> actual)
    {
        ArgumentNullException.ThrowIfNull(desired);
        ArgumentNullException.ThrowIfNull(actual);
        var missing = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in desired)
        {
            if (!actual.TryGetValue(key, out var current) || !string.Equals(current, value, StringComparison.Ordinal))
            {
                missing[key] = value;
            }
        }

        return missing;
    }
}
