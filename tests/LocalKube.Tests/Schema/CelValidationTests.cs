using System.Net;
using System.Text.Json.Nodes;
using CrossAccountStreams.TestSupport;
using k8s;
using k8s.Autorest;
using k8s.Models;
using LocalKube.Json;
using LocalKube.Patching;
using static LocalKube.Tests.LocalKubeFixture;

namespace LocalKube.Tests.Schema;

/// <summary>
/// The CEL rules (<c>x-kubernetes-validations</c>) of config/crds, evaluated through the real HTTP API on create and
/// update, with kube-apiserver's 422 causes; plus CRD-time compilation, status/spec separation and ratcheting.
/// </summary>
public sealed class CelValidationTests(LocalKubeFixture fixture) : IClassFixture<LocalKubeFixture>, IDisposable
{
    private const string OtherRegionStream = "arn:aws:dynamodb:us-east-1:111122223333:table/Orders/stream/2024-01-01T00:00:00.000";
    private const string SameRegionStream = "arn:aws:dynamodb:eu-west-1:111122223333:table/Orders/stream/2024-01-01T00:00:00.000";

    private readonly string _cache = Directory.CreateTempSubdirectory("cel-kubectl-").FullName;

    private ICustomObjectsOperations Objects => fixture.Client.CustomObjects;

    public void Dispose() => Directory.Delete(_cache, recursive: true);

    /// <summary>A spec change (merge patch onto a valid subscription), and the cause kube-apiserver reports for it.</summary>
    public static TheoryData<string, string, string, string> SubscriptionViolations() => new()
    {
        {
            $$$"""{"source":{"streamArn":"{{{SameRegionStream}}}"}}""",
            "spec.source", "FieldValueInvalid", "Invalid value: \"object\": exactly one of tableName or streamArn must be set"
        },
        {
            $$$"""{"source":{"tableName":null,"streamArn":"{{{OtherRegionStream}}}"}}""",
            "spec.source.streamArn", "FieldValueInvalid", "Invalid value: \"object\": streamArn must be in spec.source.region"
        },
        {
            """{"mapping":{"maximumRecordAgeInSeconds":30}}""",
            "spec.mapping.maximumRecordAgeInSeconds", "FieldValueInvalid", "Invalid value: \"object\": maximumRecordAgeInSeconds must be -1 (no limit) or between 60 and 604800"
        },
        {
            """{"mapping":{"tags":{"team":"data","aws:owner":"me"}}}""",
            "spec.mapping.tags", "FieldValueInvalid", "Invalid value: \"object\": tag keys must be 1 to 128 characters and may not start with aws:"
        },
        {
            """{"mapping":{"tags":{"":"empty"}}}""",
            "spec.mapping.tags", "FieldValueInvalid", "Invalid value: \"object\": tag keys must be 1 to 128 characters and may not start with aws:"
        },
        {
            "{\"mapping\":{\"tags\":{\"" + new string('k', 129) + "\":\"long\"}}}",
            "spec.mapping.tags", "FieldValueInvalid", "Invalid value: \"object\": tag keys must be 1 to 128 characters and may not start with aws:"
        },
    };

    [Theory]
    [MemberData(nameof(SubscriptionViolations))]
    public async Task A_subscription_breaking_a_rule_is_rejected_on_create_and_on_update(string specPatch, string field, string reason, string body)
    {
        var ns = await fixture.NewNamespaceAsync();
        var invalid = WithSpec(Subscription("bad"), specPatch);
        var created = await RejectedAsync(() => Objects.CreateNamespacedCustomObjectAsync(invalid, CrdGroup, CrdVersion, ns, CrdPlural));
        AssertCause(created, field, reason, body);
        Assert.Contains($"StreamSubscription.streams.crossaccount.io \"bad\" is invalid: ", Message(created), StringComparison.Ordinal);
        Assert.Contains($"{field}: {body}", Message(created), StringComparison.Ordinal);

        await Objects.CreateNamespacedCustomObjectAsync(Subscription("good"), CrdGroup, CrdVersion, ns, CrdPlural);
        var patch = new V1Patch($$$"""{"spec":{{{specPatch}}}}""", V1Patch.PatchType.MergePatch);
        var updated = await RejectedAsync(() => Objects.PatchNamespacedCustomObjectAsync(patch, CrdGroup, CrdVersion, ns, CrdPlural, "good"));
        AssertCause(updated, field, reason, body);
    }

    public static TheoryData<string> ValidSubscriptionSpecs() => new()
    {
        """{}""",
        $$$"""{"source":{"tableName":null,"streamArn":"{{{SameRegionStream}}}"}}""",
        """{"mapping":{"maximumRecordAgeInSeconds":-1}}""",
        """{"mapping":{"maximumRecordAgeInSeconds":60}}""",
        """{"mapping":{"maximumRecordAgeInSeconds":604800}}""",
        "{\"mapping\":{\"tags\":{\"team\":\"data\",\"x\":\"1\",\"" + new string('k', 128) + "\":\"max\",\"aws\":\"not a prefix\"}}}",
    };

    [Theory]
    [MemberData(nameof(ValidSubscriptionSpecs))]
    public async Task A_subscription_keeping_every_rule_is_stored(string specPatch)
    {
        var ns = await fixture.NewNamespaceAsync();
        var created = Node(await Objects.CreateNamespacedCustomObjectAsync(WithSpec(Subscription("ok"), specPatch), CrdGroup, CrdVersion, ns, CrdPlural));
        Assert.Equal("ok", created["metadata"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Schema_errors_and_rule_errors_are_reported_together()
    {
        var ns = await fixture.NewNamespaceAsync();
        var invalid = WithSpec(Subscription("both"), """{"mapping":{"maximumRecordAgeInSeconds":30}}""");
        var rejected = await RejectedAsync(() => Objects.CreateNamespacedCustomObjectAsync(invalid, CrdGroup, CrdVersion, ns, CrdPlural));
        Assert.Equal(
            "StreamSubscription.streams.crossaccount.io \"both\" is invalid: ["
            + "spec.mapping.maximumRecordAgeInSeconds: Invalid value: \"integer\": spec.mapping.maximumRecordAgeInSeconds in body must not validate the schema (not), "
            + "spec.mapping.maximumRecordAgeInSeconds: Invalid value: \"object\": maximumRecordAgeInSeconds must be -1 (no limit) or between 60 and 604800]",
            Message(rejected));
    }

    [Fact]
    public async Task Rules_are_not_checked_while_the_object_misses_required_fields()
    {
        var ns = await fixture.NewNamespaceAsync();
        var invalid = WithSpec(Subscription("neither"), """{"source":{"tableName":null},"mapping":{"tags":{"aws:x":"y"}}}""");
        var rejected = await RejectedAsync(() => Objects.CreateNamespacedCustomObjectAsync(invalid, CrdGroup, CrdVersion, ns, CrdPlural));
        var causes = Causes(rejected);
        Assert.Contains(causes, c => c["field"]!.GetValue<string>() == "spec.source.tableName" && c["reason"]!.GetValue<string>() == "FieldValueRequired");
        Assert.Contains(causes, c => c["field"]!.GetValue<string>() == "<nil>"
            && c["message"]!.GetValue<string>() == "Invalid value: null: some validation rules were not checked because the object was invalid; correct the existing errors to complete validation");
        Assert.DoesNotContain(causes, c => c["field"]!.GetValue<string>() == "spec.mapping.tags");
    }

    [Fact]
    public async Task StartingPosition_cannot_change_once_the_mapping_exists()
    {
        var ns = await fixture.NewNamespaceAsync();
        var created = Node(await Objects.CreateNamespacedCustomObjectAsync(Subscription("pos", batchSize: 10), CrdGroup, CrdVersion, ns, CrdPlural));
        Assert.Equal("LATEST", created["spec"]!["mapping"]!["startingPosition"]!.GetValue<string>());

        var change = new V1Patch("""{"spec":{"mapping":{"startingPosition":"TRIM_HORIZON"}}}""", V1Patch.PatchType.MergePatch);
        var rejected = await RejectedAsync(() => Objects.PatchNamespacedCustomObjectAsync(change, CrdGroup, CrdVersion, ns, CrdPlural, "pos"));
        AssertCause(rejected, "spec.mapping.startingPosition", "FieldValueForbidden",
            "Forbidden: startingPosition is immutable: create a new StreamSubscription to read from another position");
        Assert.Equal(
            "StreamSubscription.streams.crossaccount.io \"pos\" is invalid: spec.mapping.startingPosition: Forbidden: startingPosition is immutable: create a new StreamSubscription to read from another position",
            Message(rejected));

        // Other mapping fields still change, and dropping the field defaults it back to the same value.
        var other = new V1Patch("""{"spec":{"mapping":{"batchSize":20,"startingPosition":null}}}""", V1Patch.PatchType.MergePatch);
        var patched = Node(await Objects.PatchNamespacedCustomObjectAsync(other, CrdGroup, CrdVersion, ns, CrdPlural, "pos"));
        Assert.Equal(20, patched["spec"]!["mapping"]!["batchSize"]!.GetValue<int>());
        Assert.Equal("LATEST", patched["spec"]!["mapping"]!["startingPosition"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_transition_rule_does_not_run_when_the_old_object_lacked_the_value()
    {
        var ns = await fixture.NewNamespaceAsync();
        await Objects.CreateNamespacedCustomObjectAsync(Subscription("late"), CrdGroup, CrdVersion, ns, CrdPlural);
        var add = new V1Patch("""{"spec":{"mapping":{"startingPosition":"TRIM_HORIZON"}}}""", V1Patch.PatchType.MergePatch);
        var patched = Node(await Objects.PatchNamespacedCustomObjectAsync(add, CrdGroup, CrdVersion, ns, CrdPlural, "late"));
        Assert.Equal("TRIM_HORIZON", patched["spec"]!["mapping"]!["startingPosition"]!.GetValue<string>());

        // Created with TRIM_HORIZON: the rule never runs on create.
        var created = Node(await Objects.CreateNamespacedCustomObjectAsync(
            WithSpec(Subscription("trim"), """{"mapping":{"startingPosition":"TRIM_HORIZON"}}"""), CrdGroup, CrdVersion, ns, CrdPlural));
        Assert.Equal("TRIM_HORIZON", created["spec"]!["mapping"]!["startingPosition"]!.GetValue<string>());
    }

    public static TheoryData<string, string, string> AccountCases() => new()
    {
        // accountId, roleArn, expected cause ("" when valid)
        { "111122223333", "arn:aws:iam::111122223333:role/operator", "" },
        { "111122223333", "arn:aws-cn:iam::111122223333:role/path/operator", "" },
        { "111122223333", "arn:aws:iam::444455556666:role/operator", "spec.roleArn: Invalid value: \"object\": roleArn must be a role in accountId" },
    };

    [Theory]
    [MemberData(nameof(AccountCases))]
    public async Task An_account_role_must_be_in_the_account(string accountId, string roleArn, string expected)
    {
        var name = $"acct-{Guid.NewGuid():N}"[..20];
        try
        {
            if (expected.Length == 0)
            {
                var created = Node(await Objects.CreateClusterCustomObjectAsync(Account(name, accountId, roleArn), CrdGroup, CrdVersion, "awsaccounts"));
                Assert.Equal(accountId, created["spec"]!["accountId"]!.GetValue<string>());
            }
            else
            {
                var rejected = await RejectedAsync(() => Objects.CreateClusterCustomObjectAsync(Account(name, accountId, roleArn), CrdGroup, CrdVersion, "awsaccounts"));
                Assert.Equal($"AwsAccount.streams.crossaccount.io \"{name}\" is invalid: {expected}", Message(rejected));
                AssertCause(rejected, "spec.roleArn", "FieldValueInvalid", expected["spec.roleArn: ".Length..]);
            }
        }
        finally
        {
            await DeleteAccountAsync(name);
        }
    }

    [Fact]
    public async Task AccountId_is_immutable_but_other_fields_may_change()
    {
        const string name = "immutable-account";
        await Objects.CreateClusterCustomObjectAsync(Account(name, "111122223333", "arn:aws:iam::111122223333:role/operator"), CrdGroup, CrdVersion, "awsaccounts");
        try
        {
            var move = new V1Patch("""{"spec":{"accountId":"444455556666","roleArn":"arn:aws:iam::444455556666:role/operator"}}""", V1Patch.PatchType.MergePatch);
            var rejected = await RejectedAsync(() => Objects.PatchClusterCustomObjectAsync(move, CrdGroup, CrdVersion, "awsaccounts", name));
            Assert.Equal($"AwsAccount.streams.crossaccount.io \"{name}\" is invalid: spec.accountId: Forbidden: accountId is immutable", Message(rejected));
            AssertCause(rejected, "spec.accountId", "FieldValueForbidden", "Forbidden: accountId is immutable");

            // A PUT of the whole object is checked the same way.
            var current = Node(await Objects.GetClusterCustomObjectAsync(CrdGroup, CrdVersion, "awsaccounts", name));
            current["spec"]!["accountId"] = "444455556666";
            current["spec"]!["roleArn"] = "arn:aws:iam::444455556666:role/operator";
            var replaced = await RejectedAsync(() => Objects.ReplaceClusterCustomObjectAsync(current, CrdGroup, CrdVersion, "awsaccounts", name));
            AssertCause(replaced, "spec.accountId", "FieldValueForbidden", "Forbidden: accountId is immutable");

            var rename = new V1Patch("""{"spec":{"roleArn":"arn:aws:iam::111122223333:role/renamed","externalId":"ext-1"}}""", V1Patch.PatchType.MergePatch);
            var patched = Node(await Objects.PatchClusterCustomObjectAsync(rename, CrdGroup, CrdVersion, "awsaccounts", name));
            Assert.Equal("arn:aws:iam::111122223333:role/renamed", patched["spec"]!["roleArn"]!.GetValue<string>());
        }
        finally
        {
            await DeleteAccountAsync(name);
        }
    }

    [Fact]
    public void Every_rule_in_the_repository_CRDs_compiles_and_is_enforced()
    {
        foreach (var plural in new[] { "streamsubscriptions", "awsaccounts" })
        {
            var type = fixture.Server.Registry.All.Single(t => t.Group == CrdGroup && t.Plural == plural);
            Assert.True(type.CelRuleCount > 0, $"{plural} declares no rules");
            Assert.Equal(type.CelRuleCount, type.ValidationRules?.Count);
        }
    }

    /// <summary>Every <c>self == oldSelf</c> rule in config/crds: kind, field path, reason and message.</summary>
    public static TheoryData<string, string, string, string> ImmutableFields()
    {
        var data = new TheoryData<string, string, string, string>();
        foreach (var file in Directory.EnumerateFiles(RepoPaths.Combine("config", "crds"), "*.yaml").Order(StringComparer.Ordinal))
        {
            foreach (var crd in YamlJson.ParseDocuments(File.ReadAllText(file)).OfType<JsonObject>().Where(d => d["kind"]?.GetValue<string>() == "CustomResourceDefinition"))
            {
                var kind = crd["spec"]!["names"]!["kind"]!.GetValue<string>();
                var schema = crd["spec"]!["versions"]![0]!["schema"]!["openAPIV3Schema"]!.AsObject();
                foreach (var (path, rule) in RulesOf(schema, ""))
                {
                    if (rule["rule"]!.GetValue<string>() == "self == oldSelf")
                    {
                        data.Add(kind, path, rule["reason"]?.GetValue<string>() ?? "FieldValueInvalid", rule["message"]!.GetValue<string>());
                    }
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ImmutableFields))]
    public async Task An_immutable_field_cannot_change_once_set(string kind, string field, string reason, string message)
    {
        // A valid different value per immutable field; a new immutable field needs an entry here.
        var changed = new Dictionary<string, string>
        {
            ["spec.accountId"] = "444455556666",
            ["spec.source.account"] = "other-source",
            ["spec.source.region"] = "us-east-1",
            ["spec.target.account"] = "other-target",
        };
        Assert.True(changed.ContainsKey(field), $"no changed value for {kind} {field}");
        var patch = new JsonObject();
        var segments = field.Split('.');
        var node = patch;
        foreach (var segment in segments[..^1])
        {
            node = (JsonObject)(node[segment] = new JsonObject());
        }

        node[segments[^1]] = changed[field];
        var body = reason switch
        {
            "FieldValueForbidden" => $"Forbidden: {message}",
            "FieldValueRequired" => $"Required value: {message}",
            _ => $"Invalid value: \"string\": {message}",
        };
        var mergePatch = new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch);
        if (kind == "AwsAccount")
        {
            var name = $"immutable-{segments[^1].ToLowerInvariant()}";
            await Objects.CreateClusterCustomObjectAsync(Account(name, "111122223333", "arn:aws:iam::111122223333:role/operator"), CrdGroup, CrdVersion, "awsaccounts");
            try
            {
                AssertCause(await RejectedAsync(() => Objects.PatchClusterCustomObjectAsync(mergePatch, CrdGroup, CrdVersion, "awsaccounts", name)), field, reason, body);
            }
            finally
            {
                await DeleteAccountAsync(name);
            }
        }
        else
        {
            var ns = await fixture.NewNamespaceAsync();
            await Objects.CreateNamespacedCustomObjectAsync(Subscription("fixed"), CrdGroup, CrdVersion, ns, CrdPlural);
            AssertCause(await RejectedAsync(() => Objects.PatchNamespacedCustomObjectAsync(mergePatch, CrdGroup, CrdVersion, ns, CrdPlural, "fixed")), field, reason, body);
        }
    }

    private static IEnumerable<(string Path, JsonObject Rule)> RulesOf(JsonObject schema, string path)
    {
        foreach (var rule in (schema["x-kubernetes-validations"] as JsonArray ?? []).OfType<JsonObject>())
        {
            yield return (path, rule);
        }

        foreach (var (name, child) in schema["properties"] as JsonObject ?? [])
        {
            foreach (var nested in RulesOf((JsonObject)child!, path.Length == 0 ? name : $"{path}.{name}"))
            {
                yield return nested;
            }
        }
    }

    [Fact]
    public async Task Kubectl_prints_the_rule_message_and_fails()
    {
        var manifest = Path.Combine(_cache, "account.yaml");
        await File.WriteAllTextAsync(manifest, """
            apiVersion: streams.crossaccount.io/v1alpha1
            kind: AwsAccount
            metadata: {name: kubectl-account}
            spec: {accountId: "111122223333", roleArn: "arn:aws:iam::111122223333:role/operator"}
            """);
        try
        {
            var applied = await KubectlAsync("apply", "-f", manifest);
            Assert.Equal(0, applied.ExitCode);

            var patched = await KubectlAsync("patch", "awsaccount", "kubectl-account", "--type", "merge", "-p", """{"spec":{"accountId":"444455556666"}}""");
            Assert.Equal(1, patched.ExitCode);
            // Rules run at a node before its children, as kube-apiserver runs them.
            Assert.Equal(
                """
                The AwsAccount "kubectl-account" is invalid: 
                * spec.roleArn: Invalid value: "object": roleArn must be a role in accountId
                * spec.accountId: Forbidden: accountId is immutable
                """,
                patched.StandardError.TrimEnd().Replace("\r", "", StringComparison.Ordinal));
        }
        finally
        {
            await DeleteAccountAsync("kubectl-account");
        }
    }

    [Fact]
    public async Task A_CRD_whose_rule_does_not_compile_is_rejected_naming_the_rule()
    {
        var crd = GadgetCrd(specRule: "self.nope == 1", statusRule: "self.phase != 'Broken'");
        var rejected = await RejectedAsync(() => fixture.Client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(KubernetesJson.Deserialize<V1CustomResourceDefinition>(crd.ToJsonString())));
        var cause = Assert.Single(Causes(rejected));
        Assert.Equal("spec.versions[0].schema.openAPIV3Schema.properties[spec].x-kubernetes-validations[0].rule", cause["field"]!.GetValue<string>());
        Assert.Equal(
            "Invalid value: \"self.nope == 1\": compilation failed: ERROR: <input>:1:5: undefined field 'nope'\n | self.nope == 1\n | ....^",
            cause["message"]!.GetValue<string>());
        var missing = await Assert.ThrowsAsync<HttpOperationException>(() => fixture.Client.ApiextensionsV1.ReadCustomResourceDefinitionAsync("gadgets.cel.localkube.io"));
        Assert.Equal(HttpStatusCode.NotFound, missing.Response.StatusCode);
    }

    [Fact]
    public async Task Status_rules_run_on_status_writes_and_unchanged_values_are_ratcheted()
    {
        var crd = GadgetCrd(specRule: "self.size <= 10", statusRule: "self.phase != 'Broken'");
        await fixture.Client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(KubernetesJson.Deserialize<V1CustomResourceDefinition>(crd.ToJsonString()));
        try
        {
            var ns = await fixture.NewNamespaceAsync();
            var gadget = JsonNode.Parse("""{"apiVersion":"cel.localkube.io/v1","kind":"Gadget","metadata":{"name":"g"},"spec":{"size":5,"name":"a"},"status":{"phase":"Broken"}}""")!.AsObject();
            await Objects.CreateNamespacedCustomObjectAsync(gadget, "cel.localkube.io", "v1", ns, "gadgets");

            var broken = new V1Patch("""{"status":{"phase":"Broken"}}""", V1Patch.PatchType.MergePatch);
            var rejected = await RejectedAsync(() => Objects.PatchNamespacedCustomObjectStatusAsync(broken, "cel.localkube.io", "v1", ns, "gadgets", "g"));
            Assert.Equal("Gadget.cel.localkube.io \"g\" is invalid: status: Invalid value: \"object\": phase Broken is not allowed", Message(rejected));
            await Objects.PatchNamespacedCustomObjectStatusAsync(new V1Patch("""{"status":{"phase":"Running"}}""", V1Patch.PatchType.MergePatch), "cel.localkube.io", "v1", ns, "gadgets", "g");

            // Tighten the spec rule so the stored spec breaks it; a write that leaves spec alone only warns.
            var stored = Node(await fixture.Client.ApiextensionsV1.ReadCustomResourceDefinitionAsync("gadgets.cel.localkube.io"));
            stored["spec"]!["versions"]![0]!["schema"]!["openAPIV3Schema"]!["properties"]!["spec"]!["x-kubernetes-validations"]![0]!["rule"] = "self.size <= 3";
            await fixture.Client.ApiextensionsV1.ReplaceCustomResourceDefinitionAsync(KubernetesJson.Deserialize<V1CustomResourceDefinition>(stored.ToJsonString()), "gadgets.cel.localkube.io");

            using var statusWrite = await Objects.PatchNamespacedCustomObjectStatusWithHttpMessagesAsync(
                new V1Patch("""{"status":{"phase":"Idle"}}""", V1Patch.PatchType.MergePatch), "cel.localkube.io", "v1", ns, "gadgets", "g");
            Assert.Equal(HttpStatusCode.OK, statusWrite.Response.StatusCode);
            Assert.Contains("299 - \"spec: Invalid value: \\\"object\\\": failed rule: self.size <= 3\"", statusWrite.Response.Headers.GetValues("Warning"));

            var specWrite = new V1Patch("""{"spec":{"name":"b"}}""", V1Patch.PatchType.MergePatch);
            var specRejected = await RejectedAsync(() => Objects.PatchNamespacedCustomObjectAsync(specWrite, "cel.localkube.io", "v1", ns, "gadgets", "g"));
            Assert.Equal("Gadget.cel.localkube.io \"g\" is invalid: spec: Invalid value: \"object\": failed rule: self.size <= 3", Message(specRejected));
        }
        finally
        {
            await fixture.Client.ApiextensionsV1.DeleteCustomResourceDefinitionAsync("gadgets.cel.localkube.io");
        }
    }

    private static JsonObject GadgetCrd(string specRule, string statusRule) => JsonNode.Parse("""
        {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition","metadata":{"name":"gadgets.cel.localkube.io"},
         "spec":{"group":"cel.localkube.io","scope":"Namespaced","names":{"kind":"Gadget","plural":"gadgets","singular":"gadget","listKind":"GadgetList"},
          "versions":[{"name":"v1","served":true,"storage":true,"subresources":{"status":{}},"schema":{"openAPIV3Schema":{"type":"object","properties":{
            "spec":{"type":"object","properties":{"size":{"type":"integer"},"name":{"type":"string"}},"x-kubernetes-validations":[{"rule":"SPEC_RULE"}]},
            "status":{"type":"object","properties":{"phase":{"type":"string"}},"x-kubernetes-validations":[{"rule":"STATUS_RULE","messageExpression":"'phase ' + self.phase + ' is not allowed'"}]}}}}}]}}
        """.Replace("SPEC_RULE", specRule, StringComparison.Ordinal).Replace("STATUS_RULE", statusRule, StringComparison.Ordinal))!.AsObject();

    private static JsonObject WithSpec(JsonObject obj, string specPatch)
    {
        obj["spec"] = JsonMergePatch.Apply(obj["spec"], JsonNode.Parse(specPatch));
        return obj;
    }

    private static JsonObject Account(string name, string accountId, string roleArn) => new()
    {
        ["apiVersion"] = $"{CrdGroup}/{CrdVersion}",
        ["kind"] = "AwsAccount",
        ["metadata"] = new JsonObject { ["name"] = name },
        ["spec"] = new JsonObject { ["accountId"] = accountId, ["roleArn"] = roleArn },
    };

    private async Task DeleteAccountAsync(string name)
    {
        try
        {
            await Objects.DeleteClusterCustomObjectAsync(CrdGroup, CrdVersion, "awsaccounts", name);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            // The create under test was rejected, so there is nothing to clean up.
        }
    }

    private static async Task<HttpOperationException> RejectedAsync(Func<Task> write)
    {
        var rejected = await Assert.ThrowsAsync<HttpOperationException>(write);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, rejected.Response.StatusCode);
        Assert.Equal("Invalid", JsonNode.Parse(rejected.Response.Content)!["reason"]!.GetValue<string>());
        return rejected;
    }

    private static string Message(HttpOperationException e) => JsonNode.Parse(e.Response.Content)!["message"]!.GetValue<string>();

    private static List<JsonNode> Causes(HttpOperationException e) => [.. JsonNode.Parse(e.Response.Content)!["details"]!["causes"]!.AsArray().Select(c => c!)];

    private static void AssertCause(HttpOperationException e, string field, string reason, string message)
    {
        var causes = Causes(e);
        Assert.True(
            causes.Any(c => c["field"]!.GetValue<string>() == field && c["reason"]!.GetValue<string>() == reason && c["message"]!.GetValue<string>() == message),
            $"no cause {{field: {field}, reason: {reason}, message: {message}}} in {e.Response.Content}");
    }

    private Task<ProcessResult> KubectlAsync(params string[] arguments) =>
        CliTools.RunAsync(CliTools.Kubectl, arguments, new Dictionary<string, string>
        {
            ["KUBECONFIG"] = fixture.Server.KubeconfigPath,
            ["KUBECACHEDIR"] = Path.Combine(_cache, "kube-cache"),
            ["HOME"] = _cache,
        }, timeout: TimeSpan.FromSeconds(60));
}
