using System.Reflection;

namespace CrossAccountStreams.Sandbox.Hosting;

/// <summary>Where the sandbox reads the repository's manifests and writes its own state.</summary>
public sealed record SandboxPaths(string RepositoryRoot, string StateDirectory, string OperatorAssembly)
{
    public string CrdDirectory => Path.Combine(RepositoryRoot, "config", "crds");

    public string SamplesDirectory => Path.Combine(RepositoryRoot, "config", "samples");

    public string Kubeconfig => Path.Combine(StateDirectory, "kubeconfig");

    public string OperatorLog => Path.Combine(StateDirectory, "operator.log");

    /// <summary>kubectl from <c>tools/install-cli-tools.sh</c> when installed, else null (use the one on PATH).</summary>
    public string? InstalledKubectl =>
        Path.Combine(RepositoryRoot, ".tools", "bin", "kubectl") is var path && File.Exists(path) ? path : null;

    /// <summary>
    /// The repository is the folder holding Operator.sln above the working directory, else above the sandbox's own
    /// folder, else the one it was built from; the operator is the one built with the sandbox.
    /// </summary>
    public static SandboxPaths Resolve(string? stateDirectory)
    {
        var metadata = typeof(SandboxPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().ToList();
        var root = FindRoot(Environment.CurrentDirectory)
            ?? FindRoot(AppContext.BaseDirectory)
            ?? FindRoot(metadata.FirstOrDefault(a => a.Key == "RepoRoot")?.Value);
        if (root is null)
        {
            throw new SandboxSetupException(
                $"Cannot find the repository (a folder holding Operator.sln) above {Environment.CurrentDirectory}; run the sandbox from the repository.");
        }

        var operatorAssembly = metadata.FirstOrDefault(a => a.Key == "OperatorAssembly")?.Value;
        if (string.IsNullOrEmpty(operatorAssembly) || !File.Exists(operatorAssembly))
        {
            throw new SandboxSetupException(
                $"The operator was not found where it was built ('{operatorAssembly}'); build the sandbox again: dotnet build tools/Sandbox");
        }

        var state = Path.GetFullPath(stateDirectory ?? Path.Combine(root, ".sandbox"));
        return new SandboxPaths(root, state, operatorAssembly);
    }

    private static string? FindRoot(string? start)
    {
        if (string.IsNullOrEmpty(start))
        {
            return null;
        }

        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Operator.sln")) && Directory.Exists(Path.Combine(dir.FullName, "config", "crds")))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}
