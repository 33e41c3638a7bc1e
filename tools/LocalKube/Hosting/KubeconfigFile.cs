using System.Text;

namespace LocalKube.Hosting;

/// <summary>
/// Writes the kubeconfig for kubectl and KubernetesClient: context <c>localkube</c> (administrator, the current
/// context) and <c>localkube-viewer</c> (read-only), both trusting the server's CA.
/// </summary>
public static class KubeconfigFile
{
    public const string AdminContext = "localkube";
    public const string ViewerContext = "localkube-viewer";

    public static void Write(string path, Uri endpoint, string authorityPem, string adminToken, string viewerToken)
    {
        var ca = Convert.ToBase64String(Encoding.ASCII.GetBytes(authorityPem));
        var server = endpoint.ToString().TrimEnd('/');
        var text = $$"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: localkube
              cluster:
                server: {{server}}
                certificate-authority-data: {{ca}}
            contexts:
            - name: {{AdminContext}}
              context:
                cluster: localkube
                user: localkube-admin
                namespace: default
            - name: {{ViewerContext}}
              context:
                cluster: localkube
                user: localkube-viewer
                namespace: default
            current-context: {{AdminContext}}
            preferences: {}
            users:
            - name: localkube-admin
              user:
                token: {{adminToken}}
            - name: localkube-viewer
              user:
                token: {{viewerToken}}

            """;
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        File.WriteAllText(path, text);
    }
}
