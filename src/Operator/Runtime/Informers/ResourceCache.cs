using k8s;
using k8s.Models;

namespace CrossAccountStreams.Operator.Runtime.Informers;

/// <summary>
/// The in-memory store an informer keeps for one kind, with optional secondary indexes (e.g. StreamSubscriptions by
/// the AwsAccount they name). Objects handed out are shared: readers must not modify them.
/// </summary>
public sealed class ResourceCache<TEntity> : IResourceCache<TEntity>
    where TEntity : IKubernetesObject<V1ObjectMeta>
{
    private readonly Lock gate = new();
    private readonly Dictionary<ObjectKey, TEntity> items = [];
    private readonly Dictionary<string, Index> indexes = new(StringComparer.Ordinal);

    public int Count
    {
        get
        {
            lock (gate)
            {
                return items.Count;
            }
        }
    }

    /// <summary>Adds an index computed from each object; add indexes before the informer starts.</summary>
    public void AddIndex(string name, Func<TEntity, IEnumerable<string>> indexValues)
    {
        lock (gate)
        {
            var index = new Index(indexValues);
            foreach (var (key, entity) in items)
            {
                index.Add(key, entity);
            }

            indexes.Add(name, index);
        }
    }

    public TEntity? Get(ObjectKey key)
    {
        lock (gate)
        {
            return items.GetValueOrDefault(key);
        }
    }

    public IReadOnlyCollection<TEntity> List()
    {
        lock (gate)
        {
            return [.. items.Values];
        }
    }

    public IReadOnlyCollection<ObjectKey> Keys()
    {
        lock (gate)
        {
            return [.. items.Keys];
        }
    }

    /// <summary>Objects whose index <paramref name="indexName"/> contains <paramref name="value"/>.</summary>
    public IReadOnlyCollection<TEntity> ByIndex(string indexName, string value)
    {
        lock (gate)
        {
            if (!indexes.TryGetValue(indexName, out var index))
            {
                throw new ArgumentException($"No index named '{indexName}'.", nameof(indexName));
            }

            return index.Lookup(value).Select(k => items[k]).ToList();
        }
    }

    /// <summary>Stores <paramref name="entity"/> and returns what it replaced, if anything.</summary>
    internal TEntity? Upsert(TEntity entity)
    {
        var key = ObjectKey.Of(entity);
        lock (gate)
        {
            var old = items.GetValueOrDefault(key);
            if (old is not null)
            {
                foreach (var index in indexes.Values)
                {
                    index.Remove(key, old);
                }
            }

            items[key] = entity;
            foreach (var index in indexes.Values)
            {
                index.Add(key, entity);
            }

            return old;
        }
    }

    internal TEntity? Remove(ObjectKey key)
    {
        lock (gate)
        {
            if (!items.Remove(key, out var old))
            {
                return default;
            }

            foreach (var index in indexes.Values)
            {
                index.Remove(key, old);
            }

            return old;
        }
    }

    private sealed class Index(Func<TEntity, IEnumerable<string>> indexValues)
    {
        private readonly Dictionary<string, HashSet<ObjectKey>> byValue = new(StringComparer.Ordinal);

        public void Add(ObjectKey key, TEntity entity)
        {
            foreach (var value in indexValues(entity).Distinct(StringComparer.Ordinal))
            {
                if (!byValue.TryGetValue(value, out var keys))
                {
                    byValue[value] = keys = [];
                }

                keys.Add(key);
            }
        }

        public void Remove(ObjectKey key, TEntity entity)
        {
            foreach (var value in indexValues(entity))
            {
                if (byValue.TryGetValue(value, out var keys) && keys.Remove(key) && keys.Count == 0)
                {
                    byValue.Remove(value);
                }
            }
        }

        public IEnumerable<ObjectKey> Lookup(string value) =>
            byValue.TryGetValue(value, out var keys) ? keys : [];
    }
}
