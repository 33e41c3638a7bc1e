using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using k8s;
using static LocalKube.Tests.LocalKubeFixture;

namespace LocalKube.Tests.Api;

/// <summary>Watch semantics as client-go and KubernetesClient rely on them.</summary>
public sealed class WatchTests(LocalKubeFixture fixture) : IClassFixture<LocalKubeFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private ICustomObjectsOperations Objects => fixture.Client.CustomObjects;

    [Fact]
    public async Task List_then_watch_loses_and_repeats_nothing_across_a_dropped_watch()
    {
        var ns = await fixture.NewNamespaceAsync();
        await Objects.CreateNamespacedCustomObjectAsync(Subscription("a"), CrdGroup, CrdVersion, ns, CrdPlural);
        await Objects.CreateNamespacedCustomObjectAsync(Subscription("b"), CrdGroup, CrdVersion, ns, CrdPlural);
        var list = Node(await Objects.ListNamespacedCustomObjectAsync(CrdGroup, CrdVersion, ns, CrdPlural));
        var listVersion = list["metadata"]!["resourceVersion"]!.GetValue<string>();

        var watchesBefore = fixture.Server.Stats.Count("watch", CrdPlural);
        var seen = Channel.CreateUnbounded<string>();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var watching = Task.Run(() => WatchWithResumeAsync(ns, listVersion, seen.Writer, stop.Token), stop.Token);

        await Objects.CreateNamespacedCustomObjectAsync(Subscription("c"), CrdGroup, CrdVersion, ns, CrdPlural);
        await PatchFunctionAsync(ns, "a", "changed");
        Assert.Equal(["ADDED c", "MODIFIED a"], await TakeAsync(seen.Reader, 2));

        fixture.Server.Faults.DropWatches();
        await Objects.CreateNamespacedCustomObjectAsync(Subscription("d"), CrdGroup, CrdVersion, ns, CrdPlural);
        await Objects.DeleteNamespacedCustomObjectAsync(CrdGroup, CrdVersion, ns, CrdPlural, "b");
        await PatchFunctionAsync(ns, "c", "changed");
        Assert.Equal(["ADDED d", "DELETED b", "MODIFIED c"], await TakeAsync(seen.Reader, 3));
        Assert.True(fixture.Server.Stats.Count("watch", CrdPlural) >= watchesBefore + 2, "the dropped watch was resumed with a second watch");

        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => watching);
        Assert.False(seen.Reader.TryRead(out var extra), $"unexpected extra event {extra}");
    }

    [Fact]
    public async Task A_watch_from_compacted_history_gets_410_Expired_and_a_relist_recovers()
    {
        var ns = await fixture.NewNamespaceAsync();
        await Objects.CreateNamespacedCustomObjectAsync(Subscription("x"), CrdGroup, CrdVersion, ns, CrdPlural);
        var list = Node(await Objects.ListNamespacedCustomObjectAsync(CrdGroup, CrdVersion, ns, CrdPlural));
        var oldVersion = list["metadata"]!["resourceVersion"]!.GetValue<string>();
        await PatchFunctionAsync(ns, "x", "after-list");
        fixture.Server.Faults.CompactHistory();

        var errors = new List<Exception>();
        var events = new List<WatchEventType>();
        using var timeout = new CancellationTokenSource(Patience);
        await foreach (var (type, _) in Objects.WatchListNamespacedCustomObjectAsync(
            CrdGroup, CrdVersion, ns, CrdPlural, resourceVersion: oldVersion, onError: errors.Add, cancellationToken: timeout.Token))
        {
            events.Add(type);
        }

        Assert.Empty(events);
        var expired = Assert.IsType<KubernetesException>(Assert.Single(errors));
        Assert.Equal(410, expired.Status.Code);
        Assert.Equal("Expired", expired.Status.Reason);
        Assert.StartsWith($"too old resource version: {oldVersion} (", expired.Status.Message, StringComparison.Ordinal);

        var relist = Node(await Objects.ListNamespacedCustomObjectAsync(CrdGroup, CrdVersion, ns, CrdPlural));
        Assert.Equal("after-list", relist["items"]![0]!["spec"]!["target"]!["functionName"]!.GetValue<string>());
        var seen = Channel.CreateUnbounded<string>();
        var watching = Task.Run(() => WatchWithResumeAsync(ns, relist["metadata"]!["resourceVersion"]!.GetValue<string>(), seen.Writer, timeout.Token), timeout.Token);
        await PatchFunctionAsync(ns, "x", "after-relist");
        Assert.Equal(["MODIFIED x"], await TakeAsync(seen.Reader, 1));
        await timeout.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => watching);
    }

    [Fact]
    public async Task A_watch_without_resourceVersion_starts_with_the_current_objects_and_honours_selectors()
    {
        var ns = await fixture.NewNamespaceAsync();
        var labelled = Subscription("labelled");
        labelled["metadata"]!["labels"] = new JsonObject { ["watch"] = "me" };
        await Objects.CreateNamespacedCustomObjectAsync(labelled, CrdGroup, CrdVersion, ns, CrdPlural);
        await Objects.CreateNamespacedCustomObjectAsync(Subscription("other"), CrdGroup, CrdVersion, ns, CrdPlural);

        var lines = await RawWatchAsync($"namespaces/{ns}/streamsubscriptions?watch=1&labelSelector=watch%3Dme&timeoutSeconds=1");
        var added = Assert.Single(lines);
        Assert.Equal("ADDED", added["type"]!.GetValue<string>());
        Assert.Equal("labelled", added["object"]!["metadata"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task SendInitialEvents_streams_the_state_then_an_initial_events_end_bookmark()
    {
        var ns = await fixture.NewNamespaceAsync();
        await Objects.CreateNamespacedCustomObjectAsync(Subscription("one"), CrdGroup, CrdVersion, ns, CrdPlural);
        await Objects.CreateNamespacedCustomObjectAsync(Subscription("two"), CrdGroup, CrdVersion, ns, CrdPlural);
        var revision = fixture.Server.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var lines = await RawWatchAsync(
            $"namespaces/{ns}/streamsubscriptions?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true&timeoutSeconds=1");
        Assert.Equal(["ADDED one", "ADDED two"], lines.Take(2).Select(l => $"{l["type"]} {l["object"]!["metadata"]!["name"]}"));
        var end = lines[2];
        Assert.Equal("BOOKMARK", end["type"]!.GetValue<string>());
        Assert.Equal("true", end["object"]!["metadata"]!["annotations"]!["k8s.io/initial-events-end"]!.GetValue<string>());
        Assert.Equal(revision, end["object"]!["metadata"]!["resourceVersion"]!.GetValue<string>());
        Assert.All(lines.Skip(3), l => Assert.Equal("BOOKMARK", l["type"]!.GetValue<string>()));
        Assert.True(lines.Count > 3, "an idle watch with allowWatchBookmarks=true gets periodic bookmarks");

        using var request = Request($"namespaces/{ns}/streamsubscriptions?watch=true&sendInitialEvents=true");
        using var response = await fixture.Client.HttpClient.SendAsync(request);
        Assert.Equal(422, (int)response.StatusCode);
    }

    [Fact]
    public async Task A_watch_that_asks_for_tables_gets_one_row_tables_with_the_printer_columns()
    {
        var ns = await fixture.NewNamespaceAsync();
        await Objects.CreateNamespacedCustomObjectAsync(Subscription("tabled", functionName: "fn"), CrdGroup, CrdVersion, ns, CrdPlural);
        var lines = await RawWatchAsync($"namespaces/{ns}/streamsubscriptions?watch=true&timeoutSeconds=1", "application/json;as=Table;v=v1;g=meta.k8s.io");
        var table = Assert.Single(lines)["object"]!;
        Assert.Equal("Table", table["kind"]!.GetValue<string>());
        Assert.Equal("Function", table["columnDefinitions"]![4]!["name"]!.GetValue<string>());
        var cells = table["rows"]![0]!["cells"]!.AsArray();
        Assert.Equal(["tabled", "fn"], [cells[0]!.GetValue<string>(), cells[4]!.GetValue<string>()]);
    }

    private async Task WatchWithResumeAsync(string ns, string resourceVersion, ChannelWriter<string> seen, CancellationToken cancellationToken)
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await foreach (var (type, obj) in Objects.WatchListNamespacedCustomObjectAsync(
                CrdGroup, CrdVersion, ns, CrdPlural, allowWatchBookmarks: true, resourceVersion: resourceVersion, cancellationToken: cancellationToken))
            {
                var node = Node(obj);
                resourceVersion = node["metadata"]!["resourceVersion"]!.GetValue<string>();
                if (type != WatchEventType.Bookmark)
                {
                    await seen.WriteAsync($"{type.ToString().ToUpperInvariant()} {node["metadata"]!["name"]}", cancellationToken);
                }
            }
        }
    }

    private static async Task<string[]> TakeAsync(ChannelReader<string> reader, int count)
    {
        using var timeout = new CancellationTokenSource(Patience);
        var taken = new string[count];
        for (var i = 0; i < count; i++)
        {
            taken[i] = await reader.ReadAsync(timeout.Token);
        }

        return taken;
    }

    private Task PatchFunctionAsync(string ns, string name, string functionName) =>
        Objects.PatchNamespacedCustomObjectAsync(
            new k8s.Models.V1Patch(new JsonObject { ["spec"] = new JsonObject { ["target"] = new JsonObject { ["functionName"] = functionName } } }.ToJsonString(), k8s.Models.V1Patch.PatchType.MergePatch),
            CrdGroup, CrdVersion, ns, CrdPlural, name);

    private HttpRequestMessage Request(string pathAndQuery, string? accept = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(fixture.Server.Endpoint, $"apis/{CrdGroup}/{CrdVersion}/{pathAndQuery}"));
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        var token = KubernetesClientConfiguration.BuildConfigFromConfigFile(fixture.Server.KubeconfigPath).AccessToken;
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    private async Task<List<JsonObject>> RawWatchAsync(string pathAndQuery, string? accept = null)
    {
        using var request = Request(pathAndQuery, accept);
        using var response = await fixture.Client.HttpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var lines = new List<JsonObject>();
        while (await reader.ReadLineAsync() is { } line)
        {
            lines.Add(JsonNode.Parse(line)!.AsObject());
        }

        return lines;
    }
}
