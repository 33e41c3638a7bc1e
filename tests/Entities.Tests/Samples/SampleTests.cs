using System.Text.Json.Nodes;
using CrossAccountStreams.Entities.Tests.Support;
using CrossAccountStreams.Entities.V1Alpha1;
using CrossAccountStreams.TestSupport;

namespace CrossAccountStreams.Entities.Tests.Samples;

/// <summary>The objects in config/samples are what newcomers apply first: they must be valid and consistent.</summary>
public sealed class SampleTests
{
    private static readonly string SamplesFolder = RepoPaths.Combine("config", "samples");

    public static TheoryData<string> SampleFiles => [.. SampleFileNames().Where(f => OwnObjects(f).Any())];

    [Theory]
    [MemberData(nameof(SampleFiles))]
    public void Sample_validates_against_its_CRD_schema(string file)
    {
        foreach (var obj in OwnObjects(file))
        {
            var violations = GeneratedCrds.ValidatorFor((string)obj["kind"]!).Validate(obj);
            Assert.True(violations.Count == 0,
                $"{file}: {obj["kind"]} {obj["metadata"]?["name"]} is invalid:\n{string.Join('\n', violations)}");
        }
    }

    [Fact]
    public void Samples_cover_a_single_subscription_fan_in_filters_with_on_failure_destination_and_their_accounts()
    {
        var subscriptions = AllOwnObjects().Where(o => (string?)o["kind"] == V1Alpha1StreamSubscription.KubeKind).ToList();
        var accounts = AllOwnObjects().Where(o => (string?)o["kind"] == V1Alpha1AwsAccount.KubeKind).ToList();

        Assert.True(subscriptions.Count >= 4, "expected a single, two fan-in and a filtered subscription");
        var fanIn = subscriptions.GroupBy(s => (string?)s["spec"]!["target"]!["functionName"])
            .Where(g => g.Select(s => (string?)s["spec"]!["source"]!["account"]).Distinct().Count() >= 2);
        Assert.NotEmpty(fanIn);
        Assert.Contains(subscriptions, s => s["spec"]!["mapping"]?["filters"] is JsonArray { Count: > 0 }
            && s["spec"]!["mapping"]!["onFailureDestinationArn"] is not null);
        Assert.Equal(3, accounts.Count);
    }

    /// <summary>A subscription naming an account that is missing or does not allow its namespace or Region would be refused.</summary>
    [Fact]
    public void Every_sample_subscription_names_accounts_that_exist_and_allow_its_namespace_and_region()
    {
        var accounts = AllOwnObjects()
            .Where(o => (string?)o["kind"] == V1Alpha1AwsAccount.KubeKind)
            .ToDictionary(o => (string)o["metadata"]!["name"]!, o => o["spec"]!);

        foreach (var subscription in AllOwnObjects().Where(o => (string?)o["kind"] == V1Alpha1StreamSubscription.KubeKind))
        {
            var name = $"{subscription["metadata"]!["namespace"]}/{subscription["metadata"]!["name"]}";
            var ns = (string)subscription["metadata"]!["namespace"]!;
            var region = (string)subscription["spec"]!["source"]!["region"]!;
            foreach (var side in new[] { "source", "target" })
            {
                var accountName = (string)subscription["spec"]![side]!["account"]!;
                Assert.True(accounts.TryGetValue(accountName, out var account), $"{name}: spec.{side}.account {accountName} is not among the sample AwsAccounts");
                var allowed = account!["allowedNamespaces"]?["names"]?.AsArray().Select(n => (string?)n) ?? [];
                Assert.True(allowed.Contains(ns), $"{name}: AwsAccount {accountName} does not allow namespace {ns}");
                var regions = account["regions"]?.AsArray().Select(r => (string?)r).ToList() ?? [];
                Assert.True(regions.Count == 0 || regions.Contains(region), $"{name}: AwsAccount {accountName} does not allow Region {region}");
            }
        }
    }

    [Fact]
    public void Kustomization_lists_every_sample_file()
    {
        var kustomization = YamlDocuments.Load(Path.Combine(SamplesFolder, "kustomization.yaml")).Single();
        var listed = kustomization["resources"]!.AsArray().Select(r => (string)r!).Order(StringComparer.Ordinal);

        Assert.Equal(SampleFileNames().Order(StringComparer.Ordinal), listed);
    }

    private static IEnumerable<string> SampleFileNames() =>
        Directory.EnumerateFiles(SamplesFolder, "*.yaml")
            .Select(Path.GetFileName)
            .Where(f => f != "kustomization.yaml")
            .Order(StringComparer.Ordinal)!;

    private static IEnumerable<JsonNode> AllOwnObjects() => SampleFileNames().SelectMany(f => OwnObjects(f!));

    /// <summary>The objects of this API group in a sample file; namespaces and the like are Kubernetes' own business.</summary>
    private static IEnumerable<JsonNode> OwnObjects(string file) =>
        YamlDocuments.Load(Path.Combine(SamplesFolder, file))
            .Where(o => (string?)o["apiVersion"] == ApiGroup.ApiVersion);
}
