using CrossAccountStreams.Delivery.Tests.Manifests;
using CrossAccountStreams.TestSupport;

namespace CrossAccountStreams.Delivery.Tests.GitOps;

public sealed class HealthCheckTests
{
    private static readonly Lazy<ArgoHealthScript> Script =
        new(() => new ArgoHealthScript(File.ReadAllText(RepoPaths.Combine("docs", "gitops", "health.lua"))));

    public static TheoryData<StatusShapes.Shape> Shapes => [.. StatusShapes.All];

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Argo_CD_reports_the_expected_health(StatusShapes.Shape shape)
    {
        var resource = YamlDocuments.Parse(shape.Yaml)[0];

        var health = Script.Value.Evaluate(resource);

        Assert.Equal(shape.Argo, health.Status);
        Assert.Contains(shape.MessageContains, health.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Flux_reports_the_expected_kstatus(StatusShapes.Shape shape)
    {
        var resource = YamlDocuments.Parse(shape.Yaml)[0];

        Assert.Equal(shape.Flux, Kstatus.Compute(resource).Status);
    }

    [Fact]
    public void Argo_CD_and_Flux_agree_on_every_shape_the_operator_is_meant_to_write()
    {
        // The shapes of §6.4: working, done, cannot converge, retrying. Both tools must tell the same story.
        var agreeing = new Dictionary<string, KstatusStatus>
        {
            ["Healthy"] = KstatusStatus.Current,
            ["Progressing"] = KstatusStatus.InProgress,
            ["Degraded"] = KstatusStatus.Failed,
        };
        var operatorShapes = StatusShapes.All.Where(s =>
            s.Name is "the first visit with every condition still Unknown" or "a subscription that is done"
                or "a spec change the operator has not observed yet" or "a subscription that cannot converge"
                or "a transient AWS error being retried" or "an AwsAccount whose role was assumed"
                or "an AwsAccount whose role cannot be assumed").ToList();

        Assert.Equal(7, operatorShapes.Count);
        foreach (var shape in operatorShapes)
        {
            var resource = YamlDocuments.Parse(shape.Yaml)[0];
            Assert.Equal(agreeing[Script.Value.Evaluate(resource).Status], Kstatus.Compute(resource).Status);
        }
    }

    [Theory]
    [InlineData("resource.customizations.health.streams.crossaccount.io_StreamSubscription")]
    [InlineData("resource.customizations.health.streams.crossaccount.io_AwsAccount")]
    public async Task The_argocd_cm_snippet_carries_the_tested_script(string key)
    {
        var configMap = YamlDocuments.Parse(await File.ReadAllTextAsync(RepoPaths.Combine("docs", "gitops", "argocd-cm.yaml")))[0];
        var script = await File.ReadAllTextAsync(RepoPaths.Combine("docs", "gitops", "health.lua"));

        Assert.Equal("ConfigMap", (string?)configMap["kind"]);
        Assert.Equal("argocd-cm", (string?)configMap["metadata"]!["name"]);
        Assert.Equal(script, (string?)configMap["data"]![key]);
    }
}
