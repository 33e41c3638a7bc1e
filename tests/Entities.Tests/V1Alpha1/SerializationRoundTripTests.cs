using System.Text.Json.Nodes;
using CrossAccountStreams.Entities.Tests.Support;
using CrossAccountStreams.Entities.V1Alpha1;
using CrossAccountStreams.TestSupport;
using k8s;

namespace CrossAccountStreams.Entities.Tests.V1Alpha1;

/// <summary>
/// The operator reads objects through KubernetesClient: a field its C# types drop or spell differently from the
/// CRD would be lost, or written back wrong, on the next update.
/// </summary>
public sealed class SerializationRoundTripTests
{
    public static TheoryData<string> SampleObjects => [.. SampleDocuments().Select(d => d.Name)];

    [Theory]
    [MemberData(nameof(SampleObjects))]
    public void Sample_survives_KubernetesYaml_and_KubernetesJson_without_losing_fields(string name)
    {
        var (_, yaml, expected) = SampleDocuments().Single(d => d.Name == name);
        var type = (string)expected["kind"]! == V1Alpha1AwsAccount.KubeKind ? typeof(V1Alpha1AwsAccount) : typeof(V1Alpha1StreamSubscription);

        var fromYaml = KubernetesYaml.LoadAllFromString(yaml, TypeMap).Single();
        Assert.IsType(type, fromYaml);
        var json = JsonNode.Parse(KubernetesJson.Serialize(fromYaml))!.AsObject();
        var again = JsonNode.Parse(type == typeof(V1Alpha1AwsAccount)
            ? KubernetesJson.Serialize(KubernetesJson.Deserialize<V1Alpha1AwsAccount>(json.ToJsonString()))
            : KubernetesJson.Serialize(KubernetesJson.Deserialize<V1Alpha1StreamSubscription>(json.ToJsonString())))!.AsObject();

        // An empty status is what a new object has; everything else must come back exactly.
        RemoveEmpty(json, "status");
        RemoveEmpty(again, "status");
        Assert.True(JsonNode.DeepEquals(expected, json), $"{name} after KubernetesYaml:\n{json}\nexpected:\n{expected}");
        Assert.True(JsonNode.DeepEquals(expected, again), $"{name} after KubernetesJson:\n{again}\nexpected:\n{expected}");
    }

    [Fact]
    public void Enums_serialise_with_the_names_the_CRD_declares()
    {
        var subscription = new V1Alpha1StreamSubscription
        {
            Spec = new StreamSubscriptionSpec
            {
                Mapping = new MappingSpec { StartingPosition = StartingPosition.TrimHorizon },
                DeletionPolicy = DeletionPolicy.Retain,
                ManagementPolicy = ManagementPolicy.ObserveOnly,
            },
        };

        var json = JsonNode.Parse(KubernetesJson.Serialize(subscription))!;
        var yaml = YamlDocuments.Parse(KubernetesYaml.Serialize(subscription)).Single();

        foreach (var spec in new[] { json["spec"]!, yaml["spec"]! })
        {
            Assert.Equal("TRIM_HORIZON", (string?)spec["mapping"]!["startingPosition"]);
            Assert.Equal("Retain", (string?)spec["deletionPolicy"]);
            Assert.Equal("ObserveOnly", (string?)spec["managementPolicy"]);
        }

        Assert.Equal(StartingPosition.TrimHorizon, KubernetesJson.Deserialize<V1Alpha1StreamSubscription>(json.ToJsonString()).Spec.Mapping!.StartingPosition);
    }

    private static readonly Dictionary<string, Type> TypeMap = new()
    {
        [$"{ApiGroup.ApiVersion}/{V1Alpha1StreamSubscription.KubeKind}"] = typeof(V1Alpha1StreamSubscription),
        [$"{ApiGroup.ApiVersion}/{V1Alpha1AwsAccount.KubeKind}"] = typeof(V1Alpha1AwsAccount),
    };

    private static void RemoveEmpty(JsonObject obj, string property)
    {
        if (obj[property] is JsonObject { Count: 0 })
        {
            obj.Remove(property);
        }
    }

    /// <summary>Each object of this API group in config/samples, with its YAML text and its JSON as kubectl reads it.</summary>
    private static IEnumerable<(string Name, string Yaml, JsonNode Json)> SampleDocuments()
    {
        foreach (var file in Directory.EnumerateFiles(RepoPaths.Combine("config", "samples"), "*.yaml").Order(StringComparer.Ordinal))
        {
            var texts = File.ReadAllText(file).Split("\n---\n");
            foreach (var text in texts)
            {
                var json = YamlDocuments.Parse(text).SingleOrDefault();
                if (json is not null && (string?)json["apiVersion"] == ApiGroup.ApiVersion)
                {
                    yield return ($"{Path.GetFileName(file)}: {json["kind"]} {json["metadata"]!["name"]}", text, json);
                }
            }
        }
    }
}
