using System.Net;
using k8s;
using k8s.Autorest;

namespace CrossAccountStreams.Operator.Kubernetes;

/// <summary>Reads the HTTP status out of the exceptions KubernetesClient throws.</summary>
internal static class ApiErrors
{
    public static HttpStatusCode? StatusOf(Exception exception) => exception switch
    {
        HttpOperationException { Response: { } response } => response.StatusCode,
        KubernetesException { Status.Code: { } code } => (HttpStatusCode)code,
        _ => null,
    };

    public static bool IsNotFound(Exception exception) => StatusOf(exception) == HttpStatusCode.NotFound;

    public static bool IsConflict(Exception exception) => StatusOf(exception) == HttpStatusCode.Conflict;

    public static bool IsGone(Exception exception) =>
        StatusOf(exception) == HttpStatusCode.Gone
        || exception is KubernetesException { Status.Reason: "Expired" or "Gone" };
}
