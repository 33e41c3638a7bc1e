using System.Text.Json.Nodes;
using CrossAccountStreams.CrdGen;

namespace CrossAccountStreams.Entities.Tests.Support;

/// <summary>The CRDs the code declares, generated once per test run and read back from their YAML.</summary>
public static class GeneratedCrds
{
    private static readonly Lazy<IReadOnlyList<GeneratedCustomResourceDefinition>> LazyDefinitions =
        new(() => new CustomResourceDefinitionGenerator().Generate(typeof(ApiGroup).Assembly));

    private static readonly Lazy<Dictionary<string, KubernetesSchemaValidator>> LazyValidators = new(() =>
        LazyDefinitions.Value.ToDictionary(d => d.Kind, d => new KubernetesSchemaValidator(SchemaFromYaml(d))));

    public static IReadOnlyList<GeneratedCustomResourceDefinition> All => LazyDefinitions.Value;

    public static GeneratedCustomResourceDefinition ForKind(string kind) => All.Single(d => d.Kind == kind);

    /// <summary>A validator for objects of <paramref name="kind"/>, built from the schema as it reads back from the YAML.</summary>
    public static KubernetesSchemaValidator ValidatorFor(string kind) =>
        LazyValidators.Value.TryGetValue(kind, out var validator)
            ? validator
            : throw new KeyNotFoundException($"No CRD for kind {kind}");

    public static JsonObject SchemaOf(string kind) => SchemaFromYaml(ForKind(kind));

    /// <summary>The openAPIV3Schema as kubectl would send it: parsed back from the generated YAML, not taken from memory.</summary>
    public static JsonObject SchemaFromYaml(GeneratedCustomResourceDefinition definition)
    {
        var crd = YamlDocuments.Parse(definition.ToYaml()).Single();
        return (JsonObject)crd["spec"]!["versions"]![0]!["schema"]!["openAPIV3Schema"]!;
    }
}
