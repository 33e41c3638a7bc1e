using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using LocalKube.Json;
using static LocalKube.Tests.LocalKubeFixture;

namespace LocalKube.Tests.Api;

/// <summary>CRD registration, discovery, OpenAPI, Table output, built-ins and fault injection.</summary>
public sealed class ServerFeatureTests(LocalKubeFixture fixture) : IClassFixture<LocalKubeFixture>
{
    private static JsonObject WidgetCrd() => (JsonObject)YamlJson.ParseSingle(
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "widgets.test.localkube.io.yaml")))!;

    [Fact]
    public async Task A_CRD_posted_at_runtime_is_established_and_served_with_its_printer_columns()
    {
        var crd = Node(await fixture.Client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(
            KubernetesJson.Deserialize<V1CustomResourceDefinition>(WidgetCrd().ToJsonString())));
        var conditions = crd["status"]!["conditions"]!.AsArray().Select(c => $"{c!["type"]}={c["status"]}");
        Assert.Equal(["NamesAccepted=True", "Established=True"], conditions);

        var widget = new JsonObject
        {
            ["apiVersion"] = "test.localkube.io/v1",
            ["kind"] = "Widget",
            ["metadata"] = new JsonObject { ["name"] = "w1" },
            ["spec"] = new JsonObject { ["size"] = 3 },
        };
        await fixture.Client.CustomObjects.CreateClusterCustomObjectAsync(widget, "test.localkube.io", "v1", "widgets");
        await fixture.Client.CustomObjects.PatchClusterCustomObjectStatusAsync(
            new V1Patch("""{"status":{"phase":"Spinning"}}""", V1Patch.PatchType.MergePatch), "test.localkube.io", "v1", "widgets", "w1");

        var table = await GetJsonAsync("apis/test.localkube.io/v1/widgets", "application/json;as=Table;v=v1;g=meta.k8s.io,application/json");
        Assert.Equal("Table", table["kind"]!.GetValue<string>());
        Assert.Equal(["Name", "Size", "Phase"], table["columnDefinitions"]!.AsArray().Select(c => c!["name"]!.GetValue<string>()));
        var cells = table["rows"]![0]!["cells"]!.AsArray();
        Assert.Equal("w1", cells[0]!.GetValue<string>());
        Assert.Equal(3, cells[1]!.GetValue<long>());
        Assert.Equal("Spinning", cells[2]!.GetValue<string>());
        Assert.Equal("PartialObjectMetadata", table["rows"]![0]!["object"]!["kind"]!.GetValue<string>());

        await fixture.Client.ApiextensionsV1.DeleteCustomResourceDefinitionAsync("widgets.test.localkube.io");
        var gone = await Assert.ThrowsAsync<HttpOperationException>(() =>
            fixture.Client.CustomObjects.GetClusterCustomObjectAsync("test.localkube.io", "v1", "widgets", "w1"));
        Assert.Equal(HttpStatusCode.NotFound, gone.Response.StatusCode);
    }

    [Fact]
    public async Task Discovery_lists_built_ins_and_the_custom_resources_with_status_subresources()
    {
        var groups = await GetJsonAsync("apis", "application/json");
        var names = groups["groups"]!.AsArray().Select(g => g!["name"]!.GetValue<string>()).ToList();
        Assert.Contains("streams.crossaccount.io", names);
        Assert.Contains("coordination.k8s.io", names);
        Assert.Contains("events.k8s.io", names);

        var resources = await GetJsonAsync("apis/streams.crossaccount.io/v1alpha1", "application/json");
        var subscription = resources["resources"]!.AsArray().Single(r => r!["name"]!.GetValue<string>() == "streamsubscriptions")!;
        Assert.True(subscription["namespaced"]!.GetValue<bool>());
        Assert.Equal(["ssub"], subscription["shortNames"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.Contains(resources["resources"]!.AsArray(), r => r!["name"]!.GetValue<string>() == "streamsubscriptions/status");
        var account = resources["resources"]!.AsArray().Single(r => r!["name"]!.GetValue<string>() == "awsaccounts")!;
        Assert.False(account["namespaced"]!.GetValue<bool>());
    }

    [Fact]
    public async Task OpenAPI_v3_advertises_fieldValidation_on_every_patch_so_kubectl_validates_server_side()
    {
        var index = await GetJsonAsync("openapi/v3", "application/json");
        var url = index["paths"]!["apis/streams.crossaccount.io/v1alpha1"]!["serverRelativeURL"]!.GetValue<string>();
        var document = await GetJsonAsync(url.TrimStart('/'), "application/json");
        var patch = document["paths"]!["/apis/streams.crossaccount.io/v1alpha1/namespaces/{namespace}/streamsubscriptions/{name}"]!["patch"]!;
        Assert.Equal("StreamSubscription", patch["x-kubernetes-group-version-kind"]!["kind"]!.GetValue<string>());
        Assert.Contains(patch["parameters"]!.AsArray(), p => p!["name"]!.GetValue<string>() == "fieldValidation");
        Assert.Null(patch["requestBody"]!["content"]!["application/strategic-merge-patch+json"]);
    }

    [Fact]
    public async Task Events_written_as_events_k8s_io_are_listed_as_core_v1_by_involved_object()
    {
        var ns = await fixture.NewNamespaceAsync();
        await fixture.Client.EventsV1.CreateNamespacedEventAsync(new Eventsv1Event
        {
            Metadata = new V1ObjectMeta { Name = "sub.1" },
            EventTime = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc),
            Type = "Normal",
            Reason = "Synced",
            Action = "Reconcile",
            Note = "stream policy written",
            ReportingController = "streams.crossaccount.io/operator",
            ReportingInstance = "operator-0",
            Regarding = new V1ObjectReference { Kind = "StreamSubscription", Name = "orders", NamespaceProperty = ns },
        }, ns);
        await fixture.Client.CoreV1.CreateNamespacedEventAsync(new Corev1Event
        {
            Metadata = new V1ObjectMeta { Name = "other.1" },
            InvolvedObject = new V1ObjectReference { Kind = "StreamSubscription", Name = "other", NamespaceProperty = ns },
            Reason = "Synced",
            Message = "something else",
        }, ns);

        var events = await fixture.Client.CoreV1.ListNamespacedEventAsync(ns, fieldSelector: "involvedObject.name=orders,involvedObject.kind=StreamSubscription");
        var only = Assert.Single(events.Items);
        Assert.Equal("stream policy written", only.Message);
        Assert.Equal("streams.crossaccount.io/operator", only.ReportingComponent);

        var invalid = await Assert.ThrowsAsync<HttpOperationException>(() => fixture.Client.EventsV1.CreateNamespacedEventAsync(
            new Eventsv1Event { Metadata = new V1ObjectMeta { Name = "bad" }, Type = "Loud" }, ns));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, invalid.Response.StatusCode);
        Assert.Contains("eventTime: Required value", invalid.Response.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Injected_conflicts_and_errors_fail_the_chosen_requests_and_are_counted()
    {
        var ns = await fixture.NewNamespaceAsync();
        var objects = fixture.Client.CustomObjects;
        await objects.CreateNamespacedCustomObjectAsync(Subscription("faulty"), CrdGroup, CrdVersion, ns, CrdPlural);
        var patchesBefore = fixture.Server.Stats.Count("patch", CrdPlural);
        var patch = new V1Patch("""{"metadata":{"labels":{"x":"y"}}}""", V1Patch.PatchType.MergePatch);

        fixture.Server.Faults.InjectConflict("patch", CrdPlural, count: 1);
        var conflict = await Assert.ThrowsAsync<HttpOperationException>(() => objects.PatchNamespacedCustomObjectAsync(patch, CrdGroup, CrdVersion, ns, CrdPlural, "faulty"));
        Assert.Equal(HttpStatusCode.Conflict, conflict.Response.StatusCode);
        await objects.PatchNamespacedCustomObjectAsync(patch, CrdGroup, CrdVersion, ns, CrdPlural, "faulty");

        fixture.Server.Faults.InjectError("get", CrdPlural, probability: 1.0);
        var error = await Assert.ThrowsAsync<HttpOperationException>(() => objects.GetNamespacedCustomObjectAsync(CrdGroup, CrdVersion, ns, CrdPlural, "faulty"));
        Assert.Equal(HttpStatusCode.InternalServerError, error.Response.StatusCode);
        fixture.Server.Faults.Clear();
        Assert.NotNull(await objects.GetNamespacedCustomObjectAsync(CrdGroup, CrdVersion, ns, CrdPlural, "faulty"));

        fixture.Server.Faults.InjectLatency("get", CrdPlural, TimeSpan.FromMilliseconds(50), count: 1);
        Assert.NotNull(await objects.GetNamespacedCustomObjectAsync(CrdGroup, CrdVersion, ns, CrdPlural, "faulty"));
        Assert.Equal(patchesBefore + 2, fixture.Server.Stats.Count("patch", CrdPlural));
    }

    [Fact]
    public async Task Deleting_a_namespace_removes_its_objects_once_their_finalizers_are_gone()
    {
        var ns = await fixture.NewNamespaceAsync();
        var held = Subscription("held");
        held["metadata"]!["finalizers"] = new JsonArray("x/y");
        await fixture.Client.CustomObjects.CreateNamespacedCustomObjectAsync(held, CrdGroup, CrdVersion, ns, CrdPlural);

        await fixture.Client.CoreV1.DeleteNamespaceAsync(ns);
        var terminating = await fixture.Client.CoreV1.ReadNamespaceAsync(ns);
        Assert.Equal("Terminating", terminating.Status.Phase);
        var refused = await Assert.ThrowsAsync<HttpOperationException>(() =>
            fixture.Client.CustomObjects.CreateNamespacedCustomObjectAsync(Subscription("late"), CrdGroup, CrdVersion, ns, CrdPlural));
        Assert.Equal(HttpStatusCode.Forbidden, refused.Response.StatusCode);

        await fixture.Client.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch("""{"metadata":{"finalizers":[]}}""", V1Patch.PatchType.MergePatch), CrdGroup, CrdVersion, ns, CrdPlural, "held");
        var gone = await Assert.ThrowsAsync<HttpOperationException>(() => fixture.Client.CoreV1.ReadNamespaceAsync(ns));
        Assert.Equal(HttpStatusCode.NotFound, gone.Response.StatusCode);
    }

    [Fact]
    public async Task Unknown_fields_are_pruned_with_a_warning_header_when_validation_is_Warn()
    {
        var ns = await fixture.NewNamespaceAsync();
        var body = Subscription("warned");
        body["spec"]!["surplus"] = 1;
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(fixture.Server.Endpoint, $"apis/{CrdGroup}/{CrdVersion}/namespaces/{ns}/{CrdPlural}"))
        {
            Content = new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", KubernetesClientConfiguration.BuildConfigFromConfigFile(fixture.Server.KubeconfigPath).AccessToken);
        using var response = await fixture.Client.HttpClient.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(["299 - \"unknown field \\\"spec.surplus\\\"\""], response.Headers.GetValues("Warning"));
        var stored = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Null(stored["spec"]!["surplus"]);
    }

    private async Task<JsonObject> GetJsonAsync(string path, string accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(fixture.Server.Endpoint, path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", KubernetesClientConfiguration.BuildConfigFromConfigFile(fixture.Server.KubeconfigPath).AccessToken);
        request.Headers.TryAddWithoutValidation("Accept", accept);
        using var response = await fixture.Client.HttpClient.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }
}
