using System.Text.Json.Nodes;
using CrossAccountStreams.Operator.Runtime;
using k8s;
using k8s.Models;

namespace CrossAccountStreams.Operator.Kubernetes;

/// <summary>
/// Adds and removes a finalizer with JSON patches guarded by a <c>test</c> op, so a finalizer another controller
/// added concurrently is never dropped: adding tests the list as read (or the resourceVersion when there is no list)
/// and appends; removing tests that our finalizer is still at the index it was read at and removes only that entry.
/// A failed test (422) or a conflict (409) re-reads the object and tries again.
/// </summary>
public sealed partial class FinalizerClient<TEntity>(CustomResourceClient<TEntity> api, ILogger<FinalizerClient<TEntity>> logger)
    : IFinalizerClient<TEntity>
    where TEntity : class, IKubernetesObject<V1ObjectMeta>
{
    public const int MaxAttempts = 5;

    public async Task<TEntity> AddFinalizerAsync(TEntity entity, string finalizer, CancellationToken cancellationToken)
    {
        var current = entity;
        for (var i = 1; ; i++)
        {
            var finalizers = current.Metadata.Finalizers ?? [];
            if (finalizers.Contains(finalizer))
            {
                return current;
            }

            var patch = finalizers.Count == 0
                ? new JsonArray(
                    Op("test", "/metadata/resourceVersion", current.Metadata.ResourceVersion),
                    Op("add", "/metadata/finalizers", new JsonArray(finalizer)))
                : new JsonArray(
                    Op("test", "/metadata/finalizers", new JsonArray([.. finalizers.Select(f => JsonValue.Create(f))])),
                    Op("add", "/metadata/finalizers/-", finalizer));
            var key = ObjectKey.Of(current);
            try
            {
                return await api.PatchAsync(key, JsonPatch(patch), cancellationToken);
            }
            catch (Exception ex) when (IsRetryable(ex) && i < MaxAttempts)
            {
                LogRetrying(logger, api.Resource.Kind, key, finalizer, i);
                current = await api.GetAsync(key, cancellationToken)
                    ?? throw new InvalidOperationException($"{api.Resource.Kind} {key} no longer exists; cannot add finalizer {finalizer}.", ex);
            }
        }
    }

    public async Task<TEntity?> RemoveFinalizerAsync(TEntity entity, string finalizer, CancellationToken cancellationToken)
    {
        var current = entity;
        for (var i = 1; ; i++)
        {
            var index = current.Metadata.Finalizers?.IndexOf(finalizer) ?? -1;
            if (index < 0)
            {
                return current;
            }

            var key = ObjectKey.Of(current);
            var path = $"/metadata/finalizers/{index}";
            var patch = new JsonArray(Op("test", path, finalizer), Op("remove", path));
            try
            {
                var updated = await api.PatchAsync(key, JsonPatch(patch), cancellationToken);

                // Removing the last finalizer of an object being deleted lets the API server delete it.
                return updated.Metadata.DeletionTimestamp is not null && (updated.Metadata.Finalizers?.Count ?? 0) == 0 ? null : updated;
            }
            catch (Exception ex) when (ApiErrors.IsNotFound(ex))
            {
                return null;
            }
            catch (Exception ex) when (IsRetryable(ex) && i < MaxAttempts)
            {
                LogRetrying(logger, api.Resource.Kind, key, finalizer, i);
                var fresh = await api.GetAsync(key, cancellationToken);
                if (fresh is null)
                {
                    return null;
                }

                current = fresh;
            }
        }
    }

    private static bool IsRetryable(Exception ex) =>
        ApiErrors.IsConflict(ex) || ApiErrors.StatusOf(ex) == System.Net.HttpStatusCode.UnprocessableEntity;

    private static JsonObject Op(string op, string path, JsonNode? value = null)
    {
        var node = new JsonObject { ["op"] = op, ["path"] = path };
        if (op != "remove")
        {
            node["value"] = value;
        }

        return node;
    }

    private static V1Patch JsonPatch(JsonArray operations) => new(operations.ToJsonString(), V1Patch.PatchType.JsonPatch);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Finalizer patch {Finalizer} on {Kind} {Key} lost a race (attempt {Attempt}); re-reading")]
    private static partial void LogRetrying(ILogger logger, string kind, ObjectKey key, string finalizer, int attempt);
}
