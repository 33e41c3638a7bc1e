using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace CrossAccountStreams.Sandbox.Progress;

/// <summary>The list envelope the API server returns for a custom resource.</summary>
public sealed class ResourceList<TEntity> : IKubernetesObject<V1ListMeta>, IItems<TEntity>
    where TEntity : IKubernetesObject<V1ObjectMeta>
{
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = "";

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = "";

    [JsonPropertyName("metadata")]
    public V1ListMeta Metadata { get; set; } = new();

    [JsonPropertyName("items")]
    public IList<TEntity> Items { get; set; } = [];
}
