using System.Text.Json.Nodes;
using CrossAccountStreams.Delivery.Tests.Manifests;

namespace CrossAccountStreams.Delivery.Tests.Chart;

/// <summary>Checks every rendering of the operator's Deployment must pass, whatever the values.</summary>
public static class DeploymentAssertions
{
    public static void RunsLockedDown(Manifest manifest)
    {
        var pod = manifest.PodSpec();
        var podSecurity = (JsonObject)pod["securityContext"]!;
        Assert.True((bool)podSecurity["runAsNonRoot"]!);
        Assert.Equal(65532, (long)podSecurity["runAsUser"]!);
        Assert.Equal("RuntimeDefault", (string?)podSecurity["seccompProfile"]!["type"]);

        var container = manifest.OperatorContainer();
        var security = (JsonObject)container["securityContext"]!;
        Assert.True((bool)security["runAsNonRoot"]!);
        Assert.Equal(65532, (long)security["runAsUser"]!);
        Assert.False((bool)security["allowPrivilegeEscalation"]!);
        Assert.True((bool)security["readOnlyRootFilesystem"]!);
        Assert.False((bool)security["privileged"]!);
        Assert.Equal(["ALL"], security["capabilities"]!["drop"]!.AsArray().Select(c => (string)c!));
        Assert.Null(security["capabilities"]!["add"]);
        Assert.Equal("RuntimeDefault", (string?)security["seccompProfile"]!["type"]);

        Assert.NotNull(container["resources"]?["requests"]?["cpu"]);
        Assert.NotNull(container["resources"]?["requests"]?["memory"]);
        Assert.NotNull(container["resources"]?["limits"]?["memory"]);

        // The root filesystem is read-only, so /tmp must be a writable emptyDir.
        var tmpMount = Assert.Single(container["volumeMounts"]!.AsArray(), m => (string?)m!["mountPath"] == "/tmp")!;
        var volume = Assert.Single(pod["volumes"]!.AsArray(), v => (string?)v!["name"] == (string?)tmpMount["name"])!;
        Assert.NotNull(volume["emptyDir"]);
    }

    /// <summary>Probes and Service hit the ports the operator is told to listen on, under the contract's paths.</summary>
    public static void ProbesAndPortsMatchFlags(Manifest manifest)
    {
        var container = manifest.OperatorContainer();
        var args = manifest.Args();
        var ports = container["ports"]!.AsArray().ToDictionary(p => (string)p!["name"]!, p => (long)p!["containerPort"]!);
        Assert.Equal(long.Parse(args["--health-port"], System.Globalization.CultureInfo.InvariantCulture), ports["health"]);
        Assert.Equal(long.Parse(args["--metrics-port"], System.Globalization.CultureInfo.InvariantCulture), ports["metrics"]);

        AssertProbe(container["livenessProbe"], "/healthz", ports, ports["health"]);
        AssertProbe(container["readinessProbe"], "/readyz", ports, ports["health"]);

        var service = manifest.Single("Service");
        var servicePort = Assert.Single(service["spec"]!["ports"]!.AsArray())!;
        Assert.Equal("metrics", (string?)servicePort["name"]);
        Assert.Equal("metrics", (string?)servicePort["targetPort"]);
        Assert.Equal(ports["metrics"], (long)servicePort["port"]!);
        var podLabels = manifest.Single("Deployment")["spec"]!["template"]!["metadata"]!["labels"]!.AsObject();
        foreach (var (key, value) in service["spec"]!["selector"]!.AsObject())
        {
            Assert.Equal((string?)value, (string?)podLabels[key]);
        }
    }

    public static void HasDownwardApiAndRegionalSts(Manifest manifest)
    {
        var env = Env(manifest);
        Assert.Equal("metadata.namespace", (string?)env["POD_NAMESPACE"]!["valueFrom"]!["fieldRef"]!["fieldPath"]);
        Assert.Equal("metadata.name", (string?)env["POD_NAME"]!["valueFrom"]!["fieldRef"]!["fieldPath"]);
        Assert.Equal("regional", (string?)env["AWS_STS_REGIONAL_ENDPOINTS"]!["value"]);
    }

    public static IReadOnlyDictionary<string, JsonObject> Env(Manifest manifest) =>
        manifest.OperatorContainer()["env"]!.AsArray().ToDictionary(e => (string)e!["name"]!, e => (JsonObject)e!);

    private static void AssertProbe(JsonNode? probe, string path, Dictionary<string, long> ports, long expectedPort)
    {
        Assert.NotNull(probe);
        Assert.Equal(path, (string?)probe["httpGet"]!["path"]);
        var port = probe["httpGet"]!["port"]!;
        var resolved = port.GetValueKind() == System.Text.Json.JsonValueKind.String ? ports[(string)port!] : (long)port;
        Assert.Equal(expectedPort, resolved);
    }
}
