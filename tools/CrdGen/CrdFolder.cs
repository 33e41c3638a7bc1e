using System.Text;

namespace CrossAccountStreams.CrdGen;

/// <summary>
/// The content of the CRD folder: one YAML file per CRD plus a kustomization.yaml listing them, so
/// <c>kubectl apply -k config/crds</c> always installs exactly what the code declares.
/// </summary>
public static class CrdFolder
{
    public const string RegenerateCommand = "dotnet run --project tools/CrdGen -- config/crds";

    public const string GeneratedHeader = "Generated from src/Entities by tools/CrdGen. Do not edit; regenerate with:\n  " + RegenerateCommand;

    public const string KustomizationFileName = "kustomization.yaml";

    /// <summary>File name and content of every file the folder should hold, ordered by file name.</summary>
    public static IReadOnlyList<GeneratedFile> Render(IReadOnlyList<GeneratedCustomResourceDefinition> definitions)
    {
        ArgumentNullException.ThrowIfNull(definitions);
        var files = definitions
            .Select(d => new GeneratedFile(d.FileName, d.ToYaml()))
            .OrderBy(f => f.FileName, StringComparer.Ordinal)
            .ToList();

        var kustomization = new StringBuilder()
            .Append("# ").Append(GeneratedHeader.Replace("\n", "\n# ", StringComparison.Ordinal)).Append('\n')
            .Append("apiVersion: kustomize.config.k8s.io/v1beta1\n")
            .Append("kind: Kustomization\n")
            .Append("resources:\n");
        foreach (var file in files)
        {
            kustomization.Append("- ").Append(file.FileName).Append('\n');
        }

        files.Add(new GeneratedFile(KustomizationFileName, kustomization.ToString()));
        return files;
    }

    /// <summary>
    /// Writes the files into <paramref name="directory"/> and deletes generated files no entity declares any more.
    /// Returns the names of the files that changed.
    /// </summary>
    public static IReadOnlyList<string> Write(string directory, IReadOnlyList<GeneratedFile> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        Directory.CreateDirectory(directory);
        var changed = new List<string>();
        foreach (var file in files)
        {
            var path = Path.Combine(directory, file.FileName);
            if (!File.Exists(path) || File.ReadAllText(path) != file.Content)
            {
                File.WriteAllText(path, file.Content);
                changed.Add(file.FileName);
            }
        }

        var wanted = files.Select(f => f.FileName).ToHashSet(StringComparer.Ordinal);
        foreach (var stale in FindGenerated(directory).Where(f => !wanted.Contains(Path.GetFileName(f))))
        {
            File.Delete(stale);
            changed.Add(Path.GetFileName(stale));
        }

        return changed;
    }

    /// <summary>The YAML files in <paramref name="directory"/> that carry the generated header.</summary>
    public static IEnumerable<string> FindGenerated(string directory) =>
        Directory.EnumerateFiles(directory, "*.yaml")
            .Where(f => File.ReadLines(f).FirstOrDefault() == "# " + GeneratedHeader.Split('\n')[0])
            .Order(StringComparer.Ordinal);
}

public sealed record GeneratedFile(string FileName, string Content);
