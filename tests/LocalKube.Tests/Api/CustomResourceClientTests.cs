using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using static LocalKube.Tests.LocalKubeFixture;

namespace LocalKube.Tests.Api;

/// <summary>The real KubernetesClient against LocalKube over HTTPS, through the generated kubeconfig.</summary>
public sealed class CustomResourceClientTests(LocalKubeFixture fixture) : IClassFixture<LocalKubeFixture>
{
    private ICustomObjectsOperations Objects => fixture.Client.CustomObjects;

    private async Task<JsonObject> CreateAsync(string ns, JsonObject body, string? fieldValidation = null) =>
        Node(await Objects.CreateNamespacedCustomObjectAsync(body, CrdGroup, CrdVersion, ns, CrdPlural, fieldValidation: fieldValidation));

    private static string Message(HttpOperationException e) => JsonNode.Parse(e.Response.Content)!["message"]!.GetValue<string>();

    private async Task<JsonObject> GetAsync(string ns, string name) =>
        Node(await Objects.GetNamespacedCustomObjectAsync(CrdGroup, CrdVersion, ns, CrdPlural, name));

    [Fact]
    public async Task Create_get_list_update_patch_and_delete_round_trip_a_custom_resource()
    {
        var ns = await fixture.NewNamespaceAsync();
        var created = await CreateAsync(ns, Subscription("crud"));
        Assert.Equal(1, created["metadata"]!["generation"]!.GetValue<long>());
        Assert.True(Guid.TryParse(created["metadata"]!["uid"]!.GetValue<string>(), out _));
        Assert.NotNull(created["metadata"]!["creationTimestamp"]);

        var fetched = await GetAsync(ns, "crud");
        Assert.Equal(created["metadata"]!["resourceVersion"]!.GetValue<string>(), fetched["metadata"]!["resourceVersion"]!.GetValue<string>());

        var list = Node(await Objects.ListNamespacedCustomObjectAsync(CrdGroup, CrdVersion, ns, CrdPlural));
        Assert.Equal("StreamSubscriptionList", list["kind"]!.GetValue<string>());
        Assert.Single(list["items"]!.AsArray());
        Assert.False(string.IsNullOrEmpty(list["metadata"]!["resourceVersion"]!.GetValue<string>()));

        fetched["spec"]!["target"]!["functionName"] = "renamed";
        var updated = Node(await Objects.ReplaceNamespacedCustomObjectAsync(fetched, CrdGroup, CrdVersion, ns, CrdPlural, "crud"));
        Assert.Equal("renamed", updated["spec"]!["target"]!["functionName"]!.GetValue<string>());
        Assert.Equal(2, updated["metadata"]!["generation"]!.GetValue<long>());

        var merge = new V1Patch("""{"spec":{"mapping":{"batchSize":50}}}""", V1Patch.PatchType.MergePatch);
        var merged = Node(await Objects.PatchNamespacedCustomObjectAsync(merge, CrdGroup, CrdVersion, ns, CrdPlural, "crud"));
        Assert.Equal(50, merged["spec"]!["mapping"]!["batchSize"]!.GetValue<int>());

        var json = new V1Patch("""[{"op":"replace","path":"/spec/target/functionName","value":"json-patched"}]""", V1Patch.PatchType.JsonPatch);
        var patched = Node(await Objects.PatchNamespacedCustomObjectAsync(json, CrdGroup, CrdVersion, ns, CrdPlural, "crud"));
        Assert.Equal("json-patched", patched["spec"]!["target"]!["functionName"]!.GetValue<string>());
        Assert.Equal(4, patched["metadata"]!["generation"]!.GetValue<long>());

        var deleted = Node(await Objects.DeleteNamespacedCustomObjectAsync(CrdGroup, CrdVersion, ns, CrdPlural, "crud"));
        Assert.Equal("Success", deleted["status"]!.GetValue<string>());
        var missing = await Assert.ThrowsAsync<HttpOperationException>(() => GetAsync(ns, "crud"));
        Assert.Equal(HttpStatusCode.NotFound, missing.Response.StatusCode);
        Assert.Equal("streamsubscriptions.streams.crossaccount.io \"crud\" not found", Message(missing));
    }

    [Fact]
    public async Task Status_writes_change_only_status_and_never_bump_generation()
    {
        var ns = await fixture.NewNamespaceAsync();
        var withStatus = Subscription("status");
        withStatus["status"] = new JsonObject { ["source"] = "ignored-on-create" };
        var created = await CreateAsync(ns, withStatus);
        Assert.Null(created["status"]);

        var statusBody = (JsonObject)created.DeepClone();
        statusBody["status"] = new JsonObject { ["observedGeneration"] = 1, ["source"] = "111111111111/Orders" };
        statusBody["spec"]!["target"]!["functionName"] = "spec-change-via-status-is-ignored";
        var afterStatus = Node(await Objects.ReplaceNamespacedCustomObjectStatusAsync(statusBody, CrdGroup, CrdVersion, ns, CrdPlural, "status"));
        Assert.Equal("111111111111/Orders", afterStatus["status"]!["source"]!.GetValue<string>());
        Assert.Equal("order-processor", afterStatus["spec"]!["target"]!["functionName"]!.GetValue<string>());
        Assert.Equal(1, afterStatus["metadata"]!["generation"]!.GetValue<long>());

        var mainBody = (JsonObject)afterStatus.DeepClone();
        mainBody["status"]!["source"] = "status-change-via-main-is-ignored";
        var afterMain = Node(await Objects.ReplaceNamespacedCustomObjectAsync(mainBody, CrdGroup, CrdVersion, ns, CrdPlural, "status"));
        Assert.Equal("111111111111/Orders", afterMain["status"]!["source"]!.GetValue<string>());
        Assert.Equal(1, afterMain["metadata"]!["generation"]!.GetValue<long>());
        Assert.Equal(afterStatus["metadata"]!["resourceVersion"]!.GetValue<string>(), afterMain["metadata"]!["resourceVersion"]!.GetValue<string>());

        var labelOnly = new V1Patch("""{"metadata":{"labels":{"team":"a"}}}""", V1Patch.PatchType.MergePatch);
        var labelled = Node(await Objects.PatchNamespacedCustomObjectAsync(labelOnly, CrdGroup, CrdVersion, ns, CrdPlural, "status"));
        Assert.Equal(1, labelled["metadata"]!["generation"]!.GetValue<long>());

        var specChange = new V1Patch("""{"spec":{"deletionPolicy":"Retain"}}""", V1Patch.PatchType.MergePatch);
        var changed = Node(await Objects.PatchNamespacedCustomObjectAsync(specChange, CrdGroup, CrdVersion, ns, CrdPlural, "status"));
        Assert.Equal(2, changed["metadata"]!["generation"]!.GetValue<long>());
    }

    [Fact]
    public async Task A_stale_update_gets_409_conflict_with_the_apiserver_message()
    {
        var ns = await fixture.NewNamespaceAsync();
        var created = await CreateAsync(ns, Subscription("stale"));
        var fresh = (JsonObject)created.DeepClone();
        fresh["spec"]!["target"]!["functionName"] = "first";
        await Objects.ReplaceNamespacedCustomObjectAsync(fresh, CrdGroup, CrdVersion, ns, CrdPlural, "stale");

        created["spec"]!["target"]!["functionName"] = "second";
        var conflict = await Assert.ThrowsAsync<HttpOperationException>(() => Objects.ReplaceNamespacedCustomObjectAsync(created, CrdGroup, CrdVersion, ns, CrdPlural, "stale"));
        Assert.Equal(HttpStatusCode.Conflict, conflict.Response.StatusCode);
        var status = JsonNode.Parse(conflict.Response.Content)!;
        Assert.Equal("Conflict", status["reason"]!.GetValue<string>());
        Assert.Equal(
            "Operation cannot be fulfilled on streamsubscriptions.streams.crossaccount.io \"stale\": the object has been modified; please apply your changes to the latest version and try again",
            status["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_update_without_resourceVersion_is_rejected_with_422()
    {
        var ns = await fixture.NewNamespaceAsync();
        var created = await CreateAsync(ns, Subscription("unconditional"));
        ((JsonObject)created["metadata"]!).Remove("resourceVersion");
        var invalid = await Assert.ThrowsAsync<HttpOperationException>(() => Objects.ReplaceNamespacedCustomObjectAsync(created, CrdGroup, CrdVersion, ns, CrdPlural, "unconditional"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, invalid.Response.StatusCode);
        Assert.Contains("metadata.resourceVersion: Invalid value: 0: must be specified for an update", invalid.Response.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deletion_is_held_by_finalizers_until_the_last_one_is_removed()
    {
        var ns = await fixture.NewNamespaceAsync();
        var body = Subscription("held");
        body["metadata"]!["finalizers"] = new JsonArray("streams.crossaccount.io/cleanup");
        await CreateAsync(ns, body);

        var marked = Node(await Objects.DeleteNamespacedCustomObjectAsync(CrdGroup, CrdVersion, ns, CrdPlural, "held"));
        Assert.NotNull(marked["metadata"]!["deletionTimestamp"]);
        Assert.Equal(2, marked["metadata"]!["generation"]!.GetValue<long>());
        var stillThere = await GetAsync(ns, "held");
        Assert.NotNull(stillThere["metadata"]!["deletionTimestamp"]);

        var addFinalizer = new V1Patch("""{"metadata":{"finalizers":["streams.crossaccount.io/cleanup","another"]}}""", V1Patch.PatchType.MergePatch);
        var forbidden = await Assert.ThrowsAsync<HttpOperationException>(() => Objects.PatchNamespacedCustomObjectAsync(addFinalizer, CrdGroup, CrdVersion, ns, CrdPlural, "held"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, forbidden.Response.StatusCode);
        Assert.Contains("no new finalizers can be added if the object is being deleted", forbidden.Response.Content, StringComparison.Ordinal);

        var release = new V1Patch("""{"metadata":{"finalizers":null}}""", V1Patch.PatchType.MergePatch);
        await Objects.PatchNamespacedCustomObjectAsync(release, CrdGroup, CrdVersion, ns, CrdPlural, "held");
        var gone = await Assert.ThrowsAsync<HttpOperationException>(() => GetAsync(ns, "held"));
        Assert.Equal(HttpStatusCode.NotFound, gone.Response.StatusCode);
    }

    [Fact]
    public async Task Schema_violations_are_rejected_with_422_naming_the_field()
    {
        var ns = await fixture.NewNamespaceAsync();
        var invalid = await Assert.ThrowsAsync<HttpOperationException>(() => CreateAsync(ns, Subscription("bad", batchSize: 0)));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, invalid.Response.StatusCode);
        var status = JsonNode.Parse(invalid.Response.Content)!;
        Assert.Equal("Invalid", status["reason"]!.GetValue<string>());
        Assert.Equal(
            "StreamSubscription.streams.crossaccount.io \"bad\" is invalid: spec.mapping.batchSize: Invalid value: 0: spec.mapping.batchSize in body should be greater than or equal to 1",
            status["message"]!.GetValue<string>());
        var cause = status["details"]!["causes"]![0]!;
        Assert.Equal("spec.mapping.batchSize", cause["field"]!.GetValue<string>());
        Assert.Equal("FieldValueInvalid", cause["reason"]!.GetValue<string>());

        var missingTarget = Subscription("no-target");
        ((JsonObject)missingTarget["spec"]!).Remove("target");
        var required = await Assert.ThrowsAsync<HttpOperationException>(() => CreateAsync(ns, missingTarget));
        Assert.Contains("spec.target: Required value", required.Response.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Schema_defaults_are_applied_and_unknown_fields_pruned()
    {
        var ns = await fixture.NewNamespaceAsync();
        var body = Subscription("defaults");
        body["spec"]!["mapping"] = new JsonObject();
        body["spec"]!["notInSchema"] = "dropped";
        var created = await CreateAsync(ns, body);
        Assert.Equal("Delete", created["spec"]!["deletionPolicy"]!.GetValue<string>());
        Assert.Equal("Manage", created["spec"]!["managementPolicy"]!.GetValue<string>());
        Assert.Equal(100, created["spec"]!["mapping"]!["batchSize"]!.GetValue<int>());
        Assert.Null(created["spec"]!["notInSchema"]);
        Assert.Null((await GetAsync(ns, "defaults"))["spec"]!["notInSchema"]);

        var strict = Subscription("strict");
        strict["spec"]!["notInSchema"] = "rejected";
        var rejected = await Assert.ThrowsAsync<HttpOperationException>(() => CreateAsync(ns, strict, fieldValidation: "Strict"));
        Assert.Equal(HttpStatusCode.BadRequest, rejected.Response.StatusCode);
        Assert.Equal("StreamSubscription in version \"v1alpha1\" cannot be handled as a StreamSubscription: strict decoding error: unknown field \"spec.notInSchema\"", Message(rejected));
    }

    [Fact]
    public async Task Creating_an_object_that_carries_a_resourceVersion_fails_like_etcd_does()
    {
        var ns = await fixture.NewNamespaceAsync();
        var body = Subscription("copied");
        body["metadata"]!["resourceVersion"] = "42";
        var failed = await Assert.ThrowsAsync<HttpOperationException>(() => CreateAsync(ns, body));
        Assert.Equal(HttpStatusCode.InternalServerError, failed.Response.StatusCode);
        Assert.Equal("Internal error occurred: resourceVersion should not be set on objects to be created", Message(failed));
    }

    [Fact]
    public async Task An_invalid_label_value_is_rejected_with_422()
    {
        var ns = await fixture.NewNamespaceAsync();
        var body = Subscription("labelled");
        body["metadata"]!["labels"] = new JsonObject { ["team"] = "not valid!" };
        var invalid = await Assert.ThrowsAsync<HttpOperationException>(() => CreateAsync(ns, body));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, invalid.Response.StatusCode);
        Assert.StartsWith(
            "StreamSubscription.streams.crossaccount.io \"labelled\" is invalid: metadata.labels: Invalid value: \"not valid!\": a valid label must be an empty string",
            Message(invalid), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Label_and_field_selectors_filter_lists()
    {
        var ns = await fixture.NewNamespaceAsync();
        foreach (var (name, tier) in new[] { ("a", "gold"), ("b", "silver"), ("c", "gold") })
        {
            var body = Subscription(name);
            body["metadata"]!["labels"] = new JsonObject { ["tier"] = tier };
            await CreateAsync(ns, body);
        }

        async Task<string[]> Names(string? labels = null, string? fields = null)
        {
            var list = Node(await Objects.ListNamespacedCustomObjectAsync(CrdGroup, CrdVersion, ns, CrdPlural, labelSelector: labels, fieldSelector: fields));
            return [.. list["items"]!.AsArray().Select(i => i!["metadata"]!["name"]!.GetValue<string>())];
        }

        Assert.Equal(["a", "c"], await Names(labels: "tier=gold"));
        Assert.Equal(["b"], await Names(labels: "tier!=gold"));
        Assert.Equal(["a", "b"], await Names(labels: "tier in (gold,silver),tier notin (x)", fields: "metadata.name!=c"));
        Assert.Equal(["b"], await Names(fields: "metadata.name=b"));
        Assert.Empty(await Names(labels: "!tier"));
    }

    [Fact]
    public async Task Creating_in_a_missing_namespace_is_404_and_generateName_makes_a_unique_name()
    {
        var missing = await Assert.ThrowsAsync<HttpOperationException>(() => CreateAsync("no-such-namespace", Subscription("x")));
        Assert.Equal(HttpStatusCode.NotFound, missing.Response.StatusCode);
        Assert.Equal("namespaces \"no-such-namespace\" not found", Message(missing));

        var ns = await fixture.NewNamespaceAsync();
        var body = Subscription("ignored");
        ((JsonObject)body["metadata"]!).Remove("name");
        body["metadata"]!["generateName"] = "sub-";
        var first = await CreateAsync(ns, body.DeepClone().AsObject());
        var second = await CreateAsync(ns, body.DeepClone().AsObject());
        Assert.StartsWith("sub-", first["metadata"]!["name"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.NotEqual(first["metadata"]!["name"]!.GetValue<string>(), second["metadata"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_viewer_token_may_read_but_gets_403_on_writes()
    {
        var ns = await fixture.NewNamespaceAsync();
        await CreateAsync(ns, Subscription("readable"));
        using var viewer = fixture.Server.CreateViewerClient();
        var read = Node(await viewer.CustomObjects.GetNamespacedCustomObjectAsync(CrdGroup, CrdVersion, ns, CrdPlural, "readable"));
        Assert.Equal("readable", read["metadata"]!["name"]!.GetValue<string>());

        var denied = await Assert.ThrowsAsync<HttpOperationException>(() => viewer.CustomObjects.DeleteNamespacedCustomObjectAsync(CrdGroup, CrdVersion, ns, CrdPlural, "readable"));
        Assert.Equal(HttpStatusCode.Forbidden, denied.Response.StatusCode);
        Assert.Equal(
            $"streamsubscriptions.streams.crossaccount.io \"readable\" is forbidden: User \"localkube-viewer\" cannot delete resource \"streamsubscriptions\" in API group \"streams.crossaccount.io\" in the namespace \"{ns}\"",
            Message(denied));
    }

    [Fact]
    public async Task Apply_patches_need_a_field_manager_create_when_absent_and_merge_when_present()
    {
        var ns = await fixture.NewNamespaceAsync();
        // Apply configurations are YAML on the wire; JSON is YAML, and it is what the client sends.
        var configuration = Subscription("applied", functionName: "first");
        configuration["metadata"]!["namespace"] = ns;
        var applied = new V1Patch(configuration.ToJsonString(), V1Patch.PatchType.ApplyPatch);
        var noManager = await Assert.ThrowsAsync<HttpOperationException>(() => Objects.PatchNamespacedCustomObjectAsync(applied, CrdGroup, CrdVersion, ns, CrdPlural, "applied"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noManager.Response.StatusCode);
        Assert.Contains("fieldManager: Required value: is required for apply patch", Message(noManager), StringComparison.Ordinal);

        var created = Node(await Objects.PatchNamespacedCustomObjectAsync(applied, CrdGroup, CrdVersion, ns, CrdPlural, "applied", fieldManager: "test"));
        Assert.Equal("first", created["spec"]!["target"]!["functionName"]!.GetValue<string>());
        var again = new V1Patch("""{"apiVersion":"streams.crossaccount.io/v1alpha1","kind":"StreamSubscription","spec":{"target":{"functionName":"second"}}}""", V1Patch.PatchType.ApplyPatch);
        var updated = Node(await Objects.PatchNamespacedCustomObjectAsync(again, CrdGroup, CrdVersion, ns, CrdPlural, "applied", fieldManager: "test"));
        Assert.Equal("second", updated["spec"]!["target"]!["functionName"]!.GetValue<string>());
        Assert.Equal("functions-target", updated["spec"]!["target"]!["account"]!.GetValue<string>());
    }

    [Fact]
    public async Task Dry_run_writes_answer_as_if_applied_but_store_nothing()
    {
        var ns = await fixture.NewNamespaceAsync();
        var simulated = Node(await Objects.CreateNamespacedCustomObjectAsync(Subscription("dry"), CrdGroup, CrdVersion, ns, CrdPlural, dryRun: "All"));
        Assert.Equal("Manage", simulated["spec"]!["managementPolicy"]!.GetValue<string>());
        var absent = await Assert.ThrowsAsync<HttpOperationException>(() => GetAsync(ns, "dry"));
        Assert.Equal(HttpStatusCode.NotFound, absent.Response.StatusCode);

        var real = await CreateAsync(ns, Subscription("dry"));
        var patch = new V1Patch("""{"spec":{"target":{"functionName":"would-change"}}}""", V1Patch.PatchType.MergePatch);
        var wouldBe = Node(await Objects.PatchNamespacedCustomObjectAsync(patch, CrdGroup, CrdVersion, ns, CrdPlural, "dry", dryRun: "All"));
        Assert.Equal("would-change", wouldBe["spec"]!["target"]!["functionName"]!.GetValue<string>());
        var stored = await GetAsync(ns, "dry");
        Assert.Equal("order-processor", stored["spec"]!["target"]!["functionName"]!.GetValue<string>());
        Assert.Equal(real["metadata"]!["resourceVersion"]!.GetValue<string>(), stored["metadata"]!["resourceVersion"]!.GetValue<string>());

        await Objects.DeleteNamespacedCustomObjectAsync(CrdGroup, CrdVersion, ns, CrdPlural, "dry", dryRun: "All");
        Assert.NotNull(await GetAsync(ns, "dry"));
    }

    [Fact]
    public async Task Leases_get_409_on_a_stale_renewal_as_leader_election_expects()
    {
        var ns = await fixture.NewNamespaceAsync();
        var lease = await fixture.Client.CoordinationV1.CreateNamespacedLeaseAsync(
            new V1Lease { Metadata = new V1ObjectMeta { Name = "leader" }, Spec = new V1LeaseSpec { HolderIdentity = "a", LeaseDurationSeconds = 15 } }, ns);
        lease.Spec.HolderIdentity = "b";
        await fixture.Client.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, "leader", ns);
        lease.Spec.HolderIdentity = "c";
        var conflict = await Assert.ThrowsAsync<HttpOperationException>(() => fixture.Client.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, "leader", ns));
        Assert.Equal(HttpStatusCode.Conflict, conflict.Response.StatusCode);
        Assert.Equal("b", (await fixture.Client.CoordinationV1.ReadNamespacedLeaseAsync("leader", ns)).Spec.HolderIdentity);
    }
}
