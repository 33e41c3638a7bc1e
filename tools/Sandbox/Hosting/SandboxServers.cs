using LocalAws;
using LocalKube;

namespace CrossAccountStreams.Sandbox.Hosting;

/// <summary>The two emulators: the Kubernetes API (with the CRDs installed) and AWS (with the default world).</summary>
public sealed class SandboxServers : IAsyncDisposable
{
    private SandboxServers(LocalKubeServer kube, LocalAwsServer aws)
    {
        Kube = kube;
        Aws = aws;
    }

    public LocalKubeServer Kube { get; }

    public LocalAwsServer Aws { get; }

    public static async Task<SandboxServers> StartAsync(SandboxOptions options, SandboxPaths paths, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(paths);
        var kube = await StartOnPreferredPortAsync(
            options.KubePort,
            port => LocalKubeServer.StartAsync(
                new LocalKubeOptions { Port = port, CrdDirectory = paths.CrdDirectory, KubeconfigPath = paths.Kubeconfig },
                cancellationToken));
        try
        {
            var aws = await StartOnPreferredPortAsync(
                options.AwsPort,
                port => LocalAwsServer.StartAsync(new LocalAwsOptions { Port = port, Seed = DefaultWorld.Create() }, cancellationToken));
            return new SandboxServers(kube, aws);
        }
        catch
        {
            await kube.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Aws.DisposeAsync();
        await Kube.DisposeAsync();
    }

    private static async Task<T> StartOnPreferredPortAsync<T>(int preferred, Func<int, Task<T>> start)
    {
        var port = PortChooser.PreferredOrAny(preferred);
        try
        {
            return await start(port);
        }
        catch (IOException) when (port != 0)
        {
            // Taken between the check and the bind: any free port will do.
            return await start(0);
        }
    }
}
