using System.Globalization;
using System.Text.Json.Nodes;

namespace LocalKube.Storage;

/// <summary>
/// All stored objects, keyed by storage key, namespace and name, under one global resourceVersion counter, plus a
/// bounded history of changes for watches. Every read and write runs under one lock, which keeps list-then-watch and
/// watch registration exact: nothing is missed and nothing repeated.
/// </summary>
public sealed class ObjectStore(int historySize)
{
    private readonly int _historySize = historySize;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, SortedDictionary<string, JsonObject>> _objects = [];
    private readonly LinkedList<StoredEvent> _history = new();
    private readonly List<WatchSubscription> _subscriptions = [];
    private long _revision;
    private long _compactedThrough;

    public long Revision
    {
        get
        {
            lock (_gate)
            {
                return _revision;
            }
        }
    }

    /// <summary>Runs reads and writes atomically. A dry run computes the same results but changes nothing.</summary>
    public T Transact<T>(Func<StoreTransaction, T> work, bool dryRun = false)
    {
        lock (_gate)
        {
            return work(new StoreTransaction(this, dryRun));
        }
    }

    /// <summary>
    /// Opens a watch. With <paramref name="fromRevision"/> null the current objects come back as the initial state;
    /// otherwise the retained changes after it. Throws <see cref="HistoryCompactedException"/> when those are gone.
    /// </summary>
    public (WatchSubscription Subscription, IReadOnlyList<JsonObject> Initial, IReadOnlyList<StoredEvent> Replay, long Revision) Watch(
        string storageKey, string? @namespace, long? fromRevision)
    {
        lock (_gate)
        {
            IReadOnlyList<JsonObject> initial = [];
            IReadOnlyList<StoredEvent> replay = [];
            if (fromRevision is null)
            {
                initial = [.. ListUnlocked(storageKey, @namespace).Select(o => (JsonObject)o.DeepClone())];
            }
            else
            {
                if (fromRevision < _compactedThrough)
                {
                    throw new HistoryCompactedException(fromRevision.Value, _compactedThrough + 1);
                }

                replay = [.. _history.Where(e => e.ResourceVersion > fromRevision && e.StorageKey == storageKey
                    && (@namespace is null || e.Namespace == @namespace))];
            }

            var subscription = new WatchSubscription(storageKey, @namespace, Unsubscribe);
            _subscriptions.Add(subscription);
            return (subscription, initial, replay, _revision);
        }
    }

    /// <summary>Forgets all retained history: a watch from any older resourceVersion gets 410 Gone.</summary>
    public void Compact()
    {
        lock (_gate)
        {
            _history.Clear();
            _compactedThrough = _revision;
        }
    }

    public void DropWatches()
    {
        List<WatchSubscription> open;
        lock (_gate)
        {
            open = [.. _subscriptions];
        }

        foreach (var subscription in open)
        {
            subscription.Drop();
        }
    }

    public int OpenWatchCount
    {
        get
        {
            lock (_gate)
            {
                return _subscriptions.Count;
            }
        }
    }

    private void Unsubscribe(WatchSubscription subscription)
    {
        lock (_gate)
        {
            _subscriptions.Remove(subscription);
        }
    }

    private IEnumerable<JsonObject> ListUnlocked(string storageKey, string? @namespace)
    {
        if (!_objects.TryGetValue(storageKey, out var objects))
        {
            return [];
        }

        return @namespace is null
            ? objects.Values
            : objects.Where(p => p.Key.StartsWith(@namespace + "/", StringComparison.Ordinal)).Select(p => p.Value);
    }

    private static string Key(string? @namespace, string name) => $"{@namespace}/{name}";

    private static string RevisionText(long revision) => revision.ToString(CultureInfo.InvariantCulture);

    /// <summary>Reads and writes inside <see cref="Transact{T}"/>. Objects handed in are owned by the store afterwards.</summary>
    public readonly struct StoreTransaction
    {
        private readonly ObjectStore _store;

        internal StoreTransaction(ObjectStore store, bool dryRun)
        {
            _store = store;
            IsDryRun = dryRun;
        }

        /// <summary>Whether writes are only simulated (<c>dryRun=All</c>).</summary>
        public bool IsDryRun { get; }

        public long Revision => _store._revision;

        /// <summary>A copy of the stored object, or null.</summary>
        public JsonObject? Get(string storageKey, string? @namespace, string name) =>
            _store._objects.TryGetValue(storageKey, out var objects) && objects.TryGetValue(Key(@namespace, name), out var o)
                ? (JsonObject)o.DeepClone()
                : null;

        public IReadOnlyList<JsonObject> List(string storageKey, string? @namespace) =>
            [.. _store.ListUnlocked(storageKey, @namespace).Select(o => (JsonObject)o.DeepClone())];

        /// <summary>Stores a new or changed object under the next resourceVersion and returns a copy.</summary>
        public JsonObject Put(string storageKey, JsonObject obj)
        {
            // Re-read from text so every stored value is backed by parsed JSON and converts like one.
            obj = (JsonObject)JsonNode.Parse(obj.ToJsonString())!;
            var metadata = (JsonObject)obj["metadata"]!;
            var key = Key(metadata["namespace"]?.GetValue<string>(), metadata["name"]!.GetValue<string>());
            if (IsDryRun)
            {
                return obj;
            }

            if (!_store._objects.TryGetValue(storageKey, out var objects))
            {
                objects = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
                _store._objects[storageKey] = objects;
            }

            objects.TryGetValue(key, out var previous);
            metadata["resourceVersion"] = RevisionText(++_store._revision);
            objects[key] = obj;
            Record(new StoredEvent(_store._revision, storageKey, metadata["namespace"]?.GetValue<string>(), previous is null ? "ADDED" : "MODIFIED", obj.ToJsonString(), previous?.ToJsonString()));
            return (JsonObject)obj.DeepClone();
        }

        /// <summary>Removes an object; its last state carries the deletion's resourceVersion. Returns a copy of it.</summary>
        public JsonObject? Remove(string storageKey, string? @namespace, string name)
        {
            if (IsDryRun)
            {
                return Get(storageKey, @namespace, name);
            }

            if (!_store._objects.TryGetValue(storageKey, out var objects) || !objects.Remove(Key(@namespace, name), out var previous))
            {
                return null;
            }

            var last = (JsonObject)previous.DeepClone();
            last["metadata"]!["resourceVersion"] = RevisionText(++_store._revision);
            Record(new StoredEvent(_store._revision, storageKey, @namespace, "DELETED", last.ToJsonString(), previous.ToJsonString()));
            return (JsonObject)last.DeepClone();
        }

        private void Record(StoredEvent e)
        {
            _store._history.AddLast(e);
            while (_store._history.Count > Math.Max(1, _store._historySize))
            {
                _store._compactedThrough = _store._history.First!.Value.ResourceVersion;
                _store._history.RemoveFirst();
            }

            foreach (var subscription in _store._subscriptions)
            {
                subscription.Publish(e);
            }
        }
    }
}

/// <summary>The requested resourceVersion is older than the retained history.</summary>
public sealed class HistoryCompactedException(long requested, long oldest)
    : Exception($"too old resource version: {requested} ({oldest})")
{
    public long Requested { get; } = requested;

    public long Oldest { get; } = oldest;
}
