using CrossAccountStreams.Delivery.Tests.Manifests;
using CrossAccountStreams.TestSupport;

namespace CrossAccountStreams.Delivery.Tests.Chart;

public sealed class ChartCrdsTests
{
    private static readonly string[] ExpectedCrdFiles =
    [
        "streams.crossaccount.io_awsaccounts.yaml",
        "streams.crossaccount.io_streamsubscriptions.yaml",
    ];

    [Fact]
    public void The_chart_ships_byte_identical_copies_of_the_generated_CRDs()
    {
        var generated = CrdFiles(RepoPaths.Combine("config", "crds"));
        var shipped = CrdFiles(RepoPaths.Combine("charts", "stream-subscription-operator", "crds"));

        Assert.Equal(ExpectedCrdFiles, generated.Keys.Order());
        Assert.True(
            generated.Keys.Order().SequenceEqual(shipped.Keys.Order()),
            $"chart crds/ has [{string.Join(", ", shipped.Keys.Order())}], config/crds has [{string.Join(", ", generated.Keys.Order())}]; run tools/sync-chart-crds.sh");
        foreach (var (name, bytes) in generated)
        {
            Assert.True(bytes.AsSpan().SequenceEqual(shipped[name]), $"charts/stream-subscription-operator/crds/{name} differs from config/crds/{name}; run tools/sync-chart-crds.sh");
        }
    }

    [Fact]
    public async Task Helm_installs_both_CRDs_with_the_release()
    {
        var manifest = await ChartRenderer.RenderAsync(includeCrds: true);

        Assert.Equal(
            ["awsaccounts.streams.crossaccount.io", "streamsubscriptions.streams.crossaccount.io"],
            manifest.OfKind("CustomResourceDefinition").Select(Manifest.Name).Order());
    }

    private static Dictionary<string, byte[]> CrdFiles(string folder) =>
        Directory.Exists(folder)
            ? Directory.GetFiles(folder, "*.yaml")
                .Where(f => Path.GetFileName(f) != "kustomization.yaml")
                .ToDictionary(f => Path.GetFileName(f), File.ReadAllBytes)
            : [];
}
