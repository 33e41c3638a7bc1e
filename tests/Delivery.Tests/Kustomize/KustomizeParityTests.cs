using System.Text.Json.Nodes;
using CrossAccountStreams.Delivery.Tests.Chart;
using CrossAccountStreams.Delivery.Tests.Manifests;
using CrossAccountStreams.TestSupport;

namespace CrossAccountStreams.Delivery.Tests.Kustomize;

/// <summary><c>kubectl apply -k config/default</c> must install what <c>helm install</c> installs with default values.</summary>
public sealed class KustomizeParityTests
{
    private static readonly Lazy<Task<Manifest>> Kustomized = new(BuildAsync);

    [Fact]
    public async Task Kustomize_and_the_chart_create_the_same_objects_except_the_namespace()
    {
        var kustomize = await Kustomized.Value;
        var chart = await ChartRenderer.RenderAsync(includeCrds: true);

        // Helm installs into a namespace it is given (--create-namespace); kustomize creates its own.
        var ns = kustomize.Single("Namespace");
        Assert.Equal(ChartRenderer.ReleaseNamespace, Manifest.Name(ns));
        Assert.Equal(
            Identities(chart).Order(),
            Identities(kustomize).Where(i => !i.StartsWith("Namespace/", StringComparison.Ordinal)).Order());
    }

    [Fact]
    public async Task Kustomize_grants_the_same_RBAC_as_the_chart()
    {
        var kustomize = await Kustomized.Value;
        var chart = await ChartRenderer.RenderAsync();

        foreach (var kind in new[] { "ClusterRole", "Role" })
        {
            foreach (var role in chart.OfKind(kind))
            {
                var other = kustomize.Single(kind, Manifest.Name(role));
                Assert.Equal(PolicyRule.Expand(role), PolicyRule.Expand(other));
                Assert.Equal(Manifest.Namespace(role), Manifest.Namespace(other));
            }
        }

        Assert.Equal(OperatorPermissions.AllNamespaces, PolicyRule.Expand(kustomize.Single("ClusterRole")));
        foreach (var kind in new[] { "ClusterRoleBinding", "RoleBinding" })
        {
            foreach (var binding in chart.OfKind(kind))
            {
                var other = kustomize.Single(kind, Manifest.Name(binding));
                AssertSame(binding["roleRef"], other["roleRef"], $"{kind} roleRef");
                AssertSame(binding["subjects"], other["subjects"], $"{kind} subjects");
            }
        }
    }

    [Fact]
    public async Task Kustomize_runs_the_same_container_with_the_same_args_and_security()
    {
        var kustomize = await Kustomized.Value;
        var chart = await ChartRenderer.RenderAsync();

        Assert.Equal(chart.Args(), kustomize.Args());
        AssertSame(chart.OperatorContainer(), kustomize.OperatorContainer(), "operator container");
        foreach (var field in new[] { "securityContext", "volumes", "serviceAccountName", "automountServiceAccountToken", "terminationGracePeriodSeconds" })
        {
            AssertSame(chart.PodSpec()[field], kustomize.PodSpec()[field], $"pod {field}");
        }

        foreach (var field in new[] { "replicas", "strategy", "selector" })
        {
            AssertSame(chart.Single("Deployment")["spec"]![field], kustomize.Single("Deployment")["spec"]![field], $"deployment {field}");
        }

        AssertSame(chart.Single("Service")["spec"], kustomize.Single("Service")["spec"], "metrics service");
        DeploymentAssertions.RunsLockedDown(kustomize);
        DeploymentAssertions.ProbesAndPortsMatchFlags(kustomize);
    }

    [Fact]
    public async Task Kustomize_installs_the_generated_CRDs_unchanged_apart_from_labels()
    {
        var kustomize = await Kustomized.Value;
        var chart = await ChartRenderer.RenderAsync(includeCrds: true);

        foreach (var crd in chart.OfKind("CustomResourceDefinition"))
        {
            var other = kustomize.Single("CustomResourceDefinition", Manifest.Name(crd));
            AssertSame(crd["spec"], other["spec"], $"CRD {Manifest.Name(crd)} spec");
        }
    }

    private static async Task<Manifest> BuildAsync()
    {
        var result = await CliTools.RunAsync(
            CliTools.Kubectl, ["kustomize", RepoPaths.Combine("config", "default")], timeout: TimeSpan.FromMinutes(1));
        Assert.True(result.ExitCode == 0, $"kubectl kustomize config/default failed:\n{result.StandardError}");
        return new Manifest(YamlDocuments.Parse(result.StandardOutput));
    }

    private static IEnumerable<string> Identities(Manifest manifest) =>
        manifest.Objects.Select(o => $"{Manifest.Kind(o)}/{Manifest.Namespace(o)}/{Manifest.Name(o)}");

    private static void AssertSame(JsonNode? expected, JsonNode? actual, string what) =>
        Assert.True(
            JsonNode.DeepEquals(expected, actual),
            $"{what} differs between the chart and kustomize:\nchart:     {expected?.ToJsonString()}\nkustomize: {actual?.ToJsonString()}");
}
