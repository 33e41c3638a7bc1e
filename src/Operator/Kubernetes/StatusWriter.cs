using System.Text.Json.Nodes;
using CrossAccountStreams.Operator.Runtime;
using k8s;
using k8s.Models;

namespace CrossAccountStreams.Operator.Kubernetes;

/// <summary>
/// Writes status with PUT on <c>/status</c> carrying the object's resourceVersion. On 409 it re-reads the object: if
/// its generation moved past the one the status was computed for (<c>status.observedGeneration</c>, else the
/// generation the caller read), the write is dropped and null returned, because a newer spec will be reconciled and
/// an older spec's status must not land on it; otherwise the status is put on the fresh object and written again.
/// </summary>
public sealed partial class StatusWriter<TEntity>(CustomResourceClient<TEntity> api, ILogger<StatusWriter<TEntity>> logger)
    : IStatusWriter<TEntity>
    where TEntity : class, IKubernetesObject<V1ObjectMeta>
{
    /// <summary>Conflicts tolerated before giving up; the caller's reconcile then fails and is retried with back-off.</summary>
    public const int MaxAttempts = 5;

    public async Task<TEntity?> WriteStatusAsync(TEntity entity, CancellationToken cancellationToken)
    {
        var key = ObjectKey.Of(entity);
        var status = KubernetesJson.Deserialize<JsonNode>(KubernetesJson.Serialize(entity))?["status"]?.DeepClone();
        var computedFor = status?["observedGeneration"]?.GetValue<long?>() ?? entity.Metadata.Generation;
        var attempt = entity;
        for (var i = 1; ; i++)
        {
            try
            {
                return await api.ReplaceStatusAsync(attempt, cancellationToken);
            }
            catch (Exception ex) when (ApiErrors.IsNotFound(ex))
            {
                return null;
            }
            catch (Exception ex) when (ApiErrors.IsConflict(ex) && i < MaxAttempts)
            {
                var fresh = await api.GetAsync(key, cancellationToken);
                if (fresh is null)
                {
                    return null;
                }

                if (computedFor is { } generation && fresh.Metadata.Generation > generation)
                {
                    LogDropped(logger, api.Resource.Kind, key, generation, fresh.Metadata.Generation);
                    return null;
                }

                LogRetrying(logger, api.Resource.Kind, key, i);
                attempt = WithStatus(fresh, status);
            }
        }
    }

    private static TEntity WithStatus(TEntity fresh, JsonNode? status)
    {
        var node = KubernetesJson.Deserialize<JsonNode>(KubernetesJson.Serialize(fresh))!;
        node["status"] = status?.DeepClone();
        return KubernetesJson.Deserialize<TEntity>(node);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Status write of {Kind} {Key} conflicted (attempt {Attempt}); retrying on the fresh object")]
    private static partial void LogRetrying(ILogger logger, string kind, ObjectKey key, int attempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Dropped status of {Kind} {Key} computed for generation {Computed}: the object is at generation {Current}")]
    private static partial void LogDropped(ILogger logger, string kind, ObjectKey key, long computed, long? current);
}
