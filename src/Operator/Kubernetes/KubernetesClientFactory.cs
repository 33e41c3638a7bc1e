using k8s;

namespace CrossAccountStreams.Operator.Kubernetes;

/// <summary>
/// Chooses the API server connection: an explicit kubeconfig, else the pod's service account when running in a
/// cluster (KUBERNETES_SERVICE_HOST set), else $KUBECONFIG or ~/.kube/config.
/// </summary>
public static class KubernetesClientFactory
{
    public static KubernetesClientConfiguration BuildConfiguration(string? kubeconfigPath)
    {
        if (!string.IsNullOrWhiteSpace(kubeconfigPath))
        {
            return FromFile(kubeconfigPath, "--kubeconfig");
        }

        if (KubernetesClientConfiguration.IsInCluster())
        {
            return KubernetesClientConfiguration.InClusterConfig();
        }

        var fromEnvironment = Environment.GetEnvironmentVariable("KUBECONFIG")?
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .FirstOrDefault();
        return fromEnvironment is not null
            ? FromFile(fromEnvironment, "KUBECONFIG")
            : FromFile(KubernetesClientConfiguration.KubeConfigDefaultLocation, "the default location");
    }

    public static IKubernetes Create(string? kubeconfigPath) => new k8s.Kubernetes(BuildConfiguration(kubeconfigPath));

    private static KubernetesClientConfiguration FromFile(string path, string source)
    {
        if (!File.Exists(path))
        {
            throw new InvalidOperationException(
                $"No kubeconfig at {path} (from {source}); pass --kubeconfig <path>, or run in a pod with a service account.");
        }

        return KubernetesClientConfiguration.BuildConfigFromConfigFile(path);
    }
}
