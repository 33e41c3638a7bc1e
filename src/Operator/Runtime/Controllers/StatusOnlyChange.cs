using k8s;
using k8s.Models;

namespace CrossAccountStreams.Operator.Runtime.Controllers;

/// <summary>
/// Whether an update changed nothing a reconciler acts on: same generation (so the spec is unchanged, as the status
/// subresource guarantees), same deletion timestamp, finalizers, labels and annotations, but a new resourceVersion.
/// </summary>
public static class StatusOnlyChange
{
    public static bool Between<TEntity>(TEntity previous, TEntity current)
        where TEntity : IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(current);
        var before = previous.Metadata;
        var after = current.Metadata;
        return before.ResourceVersion != after.ResourceVersion
            && before.Generation is not null
            && before.Generation == after.Generation
            && before.DeletionTimestamp == after.DeletionTimestamp
            && SameList(before.Finalizers, after.Finalizers)
            && SameMap(before.Labels, after.Labels)
            && SameMap(before.Annotations, after.Annotations);
    }

    private static bool SameList(IList<string>? a, IList<string>? b) => (a ?? []).SequenceEqual(b ?? [], StringComparer.Ordinal);

    private static bool SameMap(IDictionary<string, string>? a, IDictionary<string, string>? b)
    {
        a ??= new Dictionary<string, string>();
        b ??= new Dictionary<string, string>();
        return a.Count == b.Count && a.All(pair => b.TryGetValue(pair.Key, out var value) && string.Equals(value, pair.Value, StringComparison.Ordinal));
    }
}
