using System.Text.Json.Nodes;
using CrossAccountStreams.TestSupport;
using k8s;
using k8s.Models;
using static LocalKube.Tests.LocalKubeFixture;

namespace LocalKube.Tests.Api;

/// <summary>The kubectl binaries against LocalKube through its generated kubeconfig.</summary>
public sealed class KubectlTests(LocalKubeFixture fixture) : IClassFixture<LocalKubeFixture>, IDisposable
{
    private const string LegacyKubectl = "/usr/bin/kubectl";

    private readonly string _cache = Directory.CreateTempSubdirectory("localkube-kubectl-").FullName;

    /// <summary>kubectl 1.35 from .tools/bin always; kubectl 1.32 from the machine image when it is there.</summary>
    public static TheoryData<string> Binaries()
    {
        var data = new TheoryData<string> { "installed" };
        if (File.Exists(LegacyKubectl))
        {
            data.Add(LegacyKubectl);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Binaries))]
    public async Task Kubectl_applies_gets_patches_waits_for_and_deletes_a_StreamSubscription(string binary)
    {
        var kubectl = binary == "installed" ? CliTools.Kubectl : binary;
        var ns = await fixture.NewNamespaceAsync();
        var manifest = Path.Combine(_cache, "subscription.yaml");
        await File.WriteAllTextAsync(manifest, $"""
            apiVersion: streams.crossaccount.io/v1alpha1
            kind: StreamSubscription
            metadata:
              name: orders-to-processor
              namespace: {ns}
            spec:
              source: {"{"}account: orders-source, region: eu-west-1, tableName: Orders{"}"}
              target: {"{"}account: functions-target, functionName: order-processor{"}"}
            """);

        var applied = await RunAsync(kubectl, "apply", "-f", manifest);
        Assert.Equal("streamsubscription.streams.crossaccount.io/orders-to-processor created", applied.Trim());
        Assert.Equal("streamsubscription.streams.crossaccount.io/orders-to-processor unchanged", (await RunAsync(kubectl, "apply", "-f", manifest)).Trim());

        var table = Lines(await RunAsync(kubectl, "get", "streamsubscriptions", "-n", ns));
        Assert.Equal(["NAME", "READY", "SOURCE", "FUNCTION", "MAPPING", "AGE"], Words(table[0]));
        Assert.Equal(["orders-to-processor", "order-processor"], Words(table[1])[..2]);
        var wide = Lines(await RunAsync(kubectl, "get", "ssub", "orders-to-processor", "-n", ns, "-o", "wide"));
        Assert.Equal(["NAME", "READY", "REASON", "SOURCE", "FUNCTION", "MAPPING", "STREAM", "AGE"], Words(wide[0]));

        var patched = await RunAsync(kubectl, "patch", "ssub", "orders-to-processor", "-n", ns, "--type", "merge", "-p", """{"spec":{"target":{"functionName":"patched-processor"}}}""");
        Assert.Equal("streamsubscription.streams.crossaccount.io/orders-to-processor patched", patched.Trim());
        Assert.Equal("patched-processor 2", await RunAsync(kubectl, "get", "ssub", "orders-to-processor", "-n", ns, "-o", "jsonpath={.spec.target.functionName} {.metadata.generation}"));

        var notYet = await RunRawAsync(kubectl, "wait", "--for=condition=Ready", "ssub/orders-to-processor", "-n", ns, "--timeout=1s");
        Assert.NotEqual(0, notYet.ExitCode);
        Assert.Contains("timed out waiting for the condition", notYet.StandardError, StringComparison.Ordinal);

        await SetReadyAsync(ns, "orders-to-processor", generation: 2);
        var waited = await RunAsync(kubectl, "wait", "--for=condition=Ready", "ssub/orders-to-processor", "-n", ns, "--timeout=20s");
        Assert.Equal("streamsubscription.streams.crossaccount.io/orders-to-processor condition met", waited.Trim());
        var ready = Lines(await RunAsync(kubectl, "get", "ssub", "-n", ns));
        Assert.Equal(["orders-to-processor", "True", "patched-processor"], Words(ready[1])[..3]);

        var deleted = await RunAsync(kubectl, "delete", "ssub", "orders-to-processor", "-n", ns, "--timeout=20s");
        Assert.StartsWith("streamsubscription.streams.crossaccount.io \"orders-to-processor\" deleted", deleted.Trim(), StringComparison.Ordinal);
        var gone = await RunRawAsync(kubectl, "get", "ssub", "orders-to-processor", "-n", ns);
        Assert.Equal(1, gone.ExitCode);
        Assert.Contains("NotFound", gone.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Kubectl_apply_reports_the_schema_violation_and_fails()
    {
        var ns = await fixture.NewNamespaceAsync();
        var manifest = Path.Combine(_cache, "invalid.yaml");
        await File.WriteAllTextAsync(manifest, $"""
            apiVersion: streams.crossaccount.io/v1alpha1
            kind: StreamSubscription
            metadata: {"{"}name: invalid, namespace: {ns}{"}"}
            spec:
              source: {"{"}account: orders-source, region: eu-west-1, tableName: Orders{"}"}
              target: {"{"}account: functions-target, functionName: order-processor{"}"}
              mapping: {"{"}batchSize: 20000{"}"}
            """);
        var result = await RunRawAsync(CliTools.Kubectl, "apply", "-f", manifest);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains(
            "The StreamSubscription \"invalid\" is invalid: spec.mapping.batchSize: Invalid value: 20000: spec.mapping.batchSize in body should be less than or equal to 10000",
            result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Kubectl_strict_validation_rejects_an_unknown_field()
    {
        var ns = await fixture.NewNamespaceAsync();
        var manifest = Path.Combine(_cache, "unknown.yaml");
        await File.WriteAllTextAsync(manifest, $"""
            apiVersion: streams.crossaccount.io/v1alpha1
            kind: StreamSubscription
            metadata: {"{"}name: unknown, namespace: {ns}{"}"}
            spec:
              source: {"{"}account: orders-source, region: eu-west-1, tableName: Orders{"}"}
              target: {"{"}account: functions-target, functionName: order-processor, memory: 512{"}"}
            """);
        var result = await RunRawAsync(CliTools.Kubectl, "apply", "-f", manifest);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("strict decoding error: unknown field \"spec.target.memory\"", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Kubectls_typed_create_commands_work_for_namespaces_configmaps_and_secrets()
    {
        // These commands send protobuf bodies.
        var kubectl = CliTools.Kubectl;
        Assert.Equal("namespace/typed created", (await RunAsync(kubectl, "create", "namespace", "typed")).Trim());
        Assert.Equal("configmap/settings created", (await RunAsync(kubectl, "create", "configmap", "settings", "-n", "typed", "--from-literal=a=1", "--from-literal=b=2")).Trim());
        Assert.Equal("secret/credentials created", (await RunAsync(kubectl, "create", "secret", "generic", "credentials", "-n", "typed", "--from-literal=key=s3cr3t")).Trim());

        Assert.Equal("""{"a":"1","b":"2"}""", await RunAsync(kubectl, "get", "configmap", "settings", "-n", "typed", "-o", "jsonpath={.data}"));
        var secret = await fixture.Client.CoreV1.ReadNamespacedSecretAsync("credentials", "typed");
        Assert.Equal("Opaque", secret.Type);
        Assert.Equal("s3cr3t", System.Text.Encoding.UTF8.GetString(secret.Data["key"]));
        var table = Lines(await RunAsync(kubectl, "get", "secrets", "-n", "typed"));
        Assert.Equal(["NAME", "TYPE", "DATA", "AGE"], Words(table[0]));
        Assert.Equal(["credentials", "Opaque", "1"], Words(table[1])[..3]);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_cache, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }

    private async Task SetReadyAsync(string ns, string name, long generation)
    {
        var status = new JsonObject
        {
            ["status"] = new JsonObject
            {
                ["observedGeneration"] = generation,
                ["conditions"] = new JsonArray(new JsonObject
                {
                    ["type"] = "Ready",
                    ["status"] = "True",
                    ["reason"] = "Synced",
                    ["message"] = "AWS matches the spec",
                    ["lastTransitionTime"] = "2026-01-01T00:00:00Z",
                    ["observedGeneration"] = generation,
                }),
            },
        };
        await fixture.Client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(
            new V1Patch(status.ToJsonString(), V1Patch.PatchType.MergePatch), CrdGroup, CrdVersion, ns, CrdPlural, name);
    }

    private async Task<string> RunAsync(string kubectl, params string[] arguments)
    {
        var result = await RunRawAsync(kubectl, arguments);
        Assert.True(result.ExitCode == 0, $"kubectl {string.Join(' ', arguments)} exited {result.ExitCode}: {result.StandardError}");
        return result.StandardOutput;
    }

    private Task<ProcessResult> RunRawAsync(string kubectl, params string[] arguments) =>
        CliTools.RunAsync(kubectl, arguments, new Dictionary<string, string>
        {
            ["KUBECONFIG"] = fixture.Server.KubeconfigPath,
            ["KUBECACHEDIR"] = Path.Combine(_cache, "kube-cache"),
            ["HOME"] = _cache,
        }, timeout: TimeSpan.FromSeconds(60));

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    private static string[] Words(string line) => line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
