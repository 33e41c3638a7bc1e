using CrossAccountStreams.Operator.Runtime;
using k8s;
using k8s.Models;

namespace CrossAccountStreams.Operator.Kubernetes;

/// <summary>Get, replace-status and patch of one custom resource kind, whichever its scope.</summary>
public sealed class CustomResourceClient<TEntity>(IKubernetes client, ResourceDescriptor<TEntity> resource)
    where TEntity : IKubernetesObject<V1ObjectMeta>
{
    public ResourceDescriptor<TEntity> Resource => resource;

    /// <summary>Reads the object from the API server; null when it does not exist.</summary>
    public async Task<TEntity?> GetAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        try
        {
            return resource.Namespaced
                ? await client.CustomObjects.GetNamespacedCustomObjectAsync<TEntity>(
                    resource.Group, resource.Version, key.Namespace, resource.Plural, key.Name, cancellationToken)
                : await client.CustomObjects.GetClusterCustomObjectAsync<TEntity>(
                    resource.Group, resource.Version, resource.Plural, key.Name, cancellationToken);
        }
        catch (Exception ex) when (ApiErrors.IsNotFound(ex))
        {
            return default;
        }
    }

    /// <summary>PUT on <c>/status</c>; the body's resourceVersion makes it conditional.</summary>
    public Task<TEntity> ReplaceStatusAsync(TEntity entity, CancellationToken cancellationToken)
    {
        var key = ObjectKey.Of(entity);
        return resource.Namespaced
            ? client.CustomObjects.ReplaceNamespacedCustomObjectStatusAsync<TEntity>(
                entity, resource.Group, resource.Version, key.Namespace, resource.Plural, key.Name, cancellationToken: cancellationToken)
            : client.CustomObjects.ReplaceClusterCustomObjectStatusAsync<TEntity>(
                entity, resource.Group, resource.Version, resource.Plural, key.Name, cancellationToken: cancellationToken);
    }

    public Task<TEntity> PatchAsync(ObjectKey key, V1Patch patch, CancellationToken cancellationToken) =>
        resource.Namespaced
            ? client.CustomObjects.PatchNamespacedCustomObjectAsync<TEntity>(
                patch, resource.Group, resource.Version, key.Namespace, resource.Plural, key.Name, cancellationToken: cancellationToken)
            : client.CustomObjects.PatchClusterCustomObjectAsync<TEntity>(
                patch, resource.Group, resource.Version, resource.Plural, key.Name, cancellationToken: cancellationToken);
}
