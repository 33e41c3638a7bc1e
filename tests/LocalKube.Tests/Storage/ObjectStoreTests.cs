using System.Text.Json.Nodes;
using LocalKube.Storage;

namespace LocalKube.Tests.Storage;

public sealed class ObjectStoreTests
{
    private static JsonObject Object(string name) => new() { ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "ns" } };

    [Fact]
    public void Every_write_takes_the_next_global_resourceVersion()
    {
        var store = new ObjectStore(historySize: 10);
        var versions = store.Transact(tx => new[]
        {
            tx.Put("g/a", Object("x"))["metadata"]!["resourceVersion"]!.GetValue<string>(),
            tx.Put("g/b", Object("y"))["metadata"]!["resourceVersion"]!.GetValue<string>(),
            tx.Remove("g/a", "ns", "x")!["metadata"]!["resourceVersion"]!.GetValue<string>(),
        });
        Assert.Equal(["1", "2", "3"], versions);
        Assert.Equal(3, store.Revision);
    }

    [Fact]
    public void A_watch_from_a_version_replays_exactly_the_later_changes_of_its_resource()
    {
        var store = new ObjectStore(historySize: 10);
        store.Transact(tx => tx.Put("g/a", Object("one")));
        store.Transact(tx => tx.Put("g/b", Object("other-resource")));
        store.Transact(tx => tx.Put("g/a", Object("two")));
        store.Transact(tx => tx.Put("g/a", Object("one")));

        var (subscription, initial, replay, revision) = store.Watch("g/a", "ns", fromRevision: 1);
        using (subscription)
        {
            Assert.Empty(initial);
            Assert.Equal(["ADDED two", "MODIFIED one"], replay.Select(e => $"{e.Type} {e.Object()["metadata"]!["name"]}"));
            Assert.Equal(4, revision);
        }
    }

    [Fact]
    public void Changes_evicted_from_the_bounded_history_make_older_versions_expire()
    {
        var store = new ObjectStore(historySize: 2);
        for (var i = 0; i < 5; i++)
        {
            store.Transact(tx => tx.Put("g/a", Object($"o{i}")));
        }

        var expired = Assert.Throws<HistoryCompactedException>(() => store.Watch("g/a", null, fromRevision: 2));
        Assert.Equal("too old resource version: 2 (4)", expired.Message);
        var (subscription, _, replay, _) = store.Watch("g/a", null, fromRevision: 3);
        using (subscription)
        {
            Assert.Equal(2, replay.Count);
        }
    }
}
