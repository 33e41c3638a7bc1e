using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using CrossAccountStreams.CrdGen;
using CrossAccountStreams.Entities.Schema;
using k8s;
using k8s.Models;

namespace CrossAccountStreams.Entities.Tests.CrdGen;

/// <summary>A type the generator cannot render faithfully is an error naming the property, never a silently weaker CRD.</summary>
public sealed class GeneratorErrorTests
{
    [Fact]
    public void Default_outside_the_enum_is_refused()
    {
        var error = Assert.Throws<NotSupportedException>(() => new CustomResourceDefinitionGenerator().Generate(typeof(V1BadDefault)));

        Assert.Contains("BadDefaultSpec.Policy", error.Message, StringComparison.Ordinal);
        Assert.Contains("\"Sometimes\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Pattern_the_API_server_cannot_evaluate_is_refused()
    {
        var error = Assert.Throws<NotSupportedException>(() => new CustomResourceDefinitionGenerator().Generate(typeof(V1BadPattern)));

        Assert.Contains("BadPatternSpec.Key", error.Message, StringComparison.Ordinal);
        Assert.Contains("RE2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Pattern_repeating_more_than_RE2_allows_is_refused()
    {
        var error = Assert.Throws<NotSupportedException>(() => new CustomResourceDefinitionGenerator().Generate(typeof(V1LongRepeat)));

        Assert.Contains("LongRepeatSpec.Id", error.Message, StringComparison.Ordinal);
        Assert.Contains("1000", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void List_map_keyed_by_an_optional_field_is_refused()
    {
        var error = Assert.Throws<NotSupportedException>(() => new CustomResourceDefinitionGenerator().Generate(typeof(V1BadListMap)));

        Assert.Contains("BadListMapSpec.Items", error.Message, StringComparison.Ordinal);
        Assert.Contains("name", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Entity_without_a_description_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => new CustomResourceDefinitionGenerator().Generate(typeof(V1Undescribed)));

        Assert.Contains("[Description]", error.Message, StringComparison.Ordinal);
    }

    /// <summary>KubernetesYaml would write and expect TrimHorizon where the CRD says TRIM_HORIZON.</summary>
    [Fact]
    public void Enum_whose_YAML_name_differs_from_its_JSON_name_is_refused()
    {
        var error = Assert.Throws<NotSupportedException>(() => new CustomResourceDefinitionGenerator().Generate(typeof(V1JsonOnlyEnum)));

        Assert.Contains("Position.TrimHorizon", error.Message, StringComparison.Ordinal);
        Assert.Contains("[EnumMember(Value = \"TRIM_HORIZON\")]", error.Message, StringComparison.Ordinal);
    }

    public enum Position
    {
        [JsonStringEnumMemberName("TRIM_HORIZON")]
        TrimHorizon,
    }

    [KubernetesEntity(Group = "test.example.com", ApiVersion = "v1", Kind = "JsonOnlyEnum")]
    [Description("Test entity.")]
    public sealed class V1JsonOnlyEnum : IKubernetesObject<V1ObjectMeta>
    {
        public string ApiVersion { get; set; } = "";

        public string Kind { get; set; } = "";

        public V1ObjectMeta Metadata { get; set; } = new();

        [JsonPropertyName("position")]
        public Position? Position { get; set; }
    }

    public enum Policy
    {
        Always,
        Never,
    }

    [KubernetesEntity(Group = "test.example.com", ApiVersion = "v1", Kind = "BadDefault")]
    [Description("Test entity.")]
    public sealed class V1BadDefault : IKubernetesObject<V1ObjectMeta>
    {
        public string ApiVersion { get; set; } = "";

        public string Kind { get; set; } = "";

        public V1ObjectMeta Metadata { get; set; } = new();

        [JsonPropertyName("spec")]
        public BadDefaultSpec Spec { get; set; } = new();
    }

    public sealed class BadDefaultSpec
    {
        [DefaultValue("Sometimes")]
        public Policy? Policy { get; set; }
    }

    [KubernetesEntity(Group = "test.example.com", ApiVersion = "v1", Kind = "BadPattern")]
    [Description("Test entity.")]
    public sealed class V1BadPattern : IKubernetesObject<V1ObjectMeta>
    {
        public string ApiVersion { get; set; } = "";

        public string Kind { get; set; } = "";

        public V1ObjectMeta Metadata { get; set; } = new();

        [JsonPropertyName("spec")]
        public BadPatternSpec Spec { get; set; } = new();
    }

    public sealed class BadPatternSpec
    {
        [RegularExpression("^(?!aws:).+$")]
        public string? Key { get; set; }
    }

    [KubernetesEntity(Group = "test.example.com", ApiVersion = "v1", Kind = "LongRepeat")]
    [Description("Test entity.")]
    public sealed class V1LongRepeat : IKubernetesObject<V1ObjectMeta>
    {
        public string ApiVersion { get; set; } = "";

        public string Kind { get; set; } = "";

        public V1ObjectMeta Metadata { get; set; } = new();

        [JsonPropertyName("spec")]
        public LongRepeatSpec Spec { get; set; } = new();
    }

    public sealed class LongRepeatSpec
    {
        [RegularExpression("^[a-z]{2,1224}$")]
        public string? Id { get; set; }
    }

    [KubernetesEntity(Group = "test.example.com", ApiVersion = "v1", Kind = "BadListMap")]
    [Description("Test entity.")]
    public sealed class V1BadListMap : IKubernetesObject<V1ObjectMeta>
    {
        public string ApiVersion { get; set; } = "";

        public string Kind { get; set; } = "";

        public V1ObjectMeta Metadata { get; set; } = new();

        [JsonPropertyName("spec")]
        public BadListMapSpec Spec { get; set; } = new();
    }

    public sealed class BadListMapSpec
    {
        [ListMap("name")]
        public IList<NamedItem>? Items { get; set; }
    }

    public sealed class NamedItem
    {
        [JsonPropertyName("name")]
        public string? Name { get; set; }
    }

    [KubernetesEntity(Group = "test.example.com", ApiVersion = "v1", Kind = "Undescribed")]
    public sealed class V1Undescribed : IKubernetesObject<V1ObjectMeta>
    {
        public string ApiVersion { get; set; } = "";

        public string Kind { get; set; } = "";

        public V1ObjectMeta Metadata { get; set; } = new();
    }
}
