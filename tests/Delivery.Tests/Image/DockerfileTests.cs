using System.Xml.Linq;
using CrossAccountStreams.Delivery.Tests.Chart;
using CrossAccountStreams.TestSupport;

namespace CrossAccountStreams.Delivery.Tests.Image;

/// <summary>
/// The image cannot be built here (no container engine); these checks keep the Dockerfile in line with the project it
/// wraps and the chart that runs it. CI proves the wrapped build itself with <c>dotnet publish</c>.
/// </summary>
public sealed class DockerfileTests
{
    private static readonly Lazy<string[]> Lines = new(() =>
        File.ReadAllLines(RepoPaths.Combine("Dockerfile")).Where(l => !l.TrimStart().StartsWith('#')).ToArray());

    [Fact]
    public void The_entrypoint_starts_the_operator_assembly_with_the_dotnet_host()
    {
        var project = XDocument.Load(RepoPaths.Combine("src", "Operator", "Operator.csproj"));
        var assembly = project.Descendants("AssemblyName").Single().Value;

        var entrypoint = Assert.Single(Lines.Value, l => l.StartsWith("ENTRYPOINT", StringComparison.Ordinal));
        Assert.Equal($"ENTRYPOINT [\"dotnet\", \"{assembly}.dll\"]", entrypoint.Trim());
        Assert.Contains(Lines.Value, l => l.Contains("dotnet publish src/Operator/Operator.csproj -c Release", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_runtime_stage_is_small_and_runs_as_the_user_the_chart_expects()
    {
        var stages = Lines.Value.Where(l => l.StartsWith("FROM ", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, stages.Count);
        Assert.Contains("mcr.microsoft.com/dotnet/sdk:10.0", stages[0], StringComparison.Ordinal);
        Assert.Matches(@"^FROM mcr\.microsoft\.com/dotnet/aspnet:10\.0-[a-z]+-chiseled\b", stages[1]);

        var runtimeStage = Lines.Value.SkipWhile(l => l != stages[1]).ToList();
        var user = Assert.Single(runtimeStage, l => l.StartsWith("USER ", StringComparison.Ordinal));
        var uid = long.Parse(user["USER ".Length..].Split(':')[0], System.Globalization.CultureInfo.InvariantCulture);
        var chart = await ChartRenderer.RenderAsync();
        Assert.Equal((long)chart.PodSpec()["securityContext"]!["runAsUser"]!, uid);
        Assert.DoesNotContain(runtimeStage, l => l.StartsWith("RUN ", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_project_the_operator_builds_from_is_restored_in_the_image()
    {
        var copied = Lines.Value.Where(l => l.StartsWith("COPY ", StringComparison.Ordinal) && !l.Contains("--from", StringComparison.Ordinal))
            .SelectMany(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..^1])
            .ToHashSet();

        foreach (var project in ProjectClosure("src/Operator/Operator.csproj"))
        {
            Assert.True(copied.Contains(project), $"{project} is referenced by the operator but not copied before restore");
            Assert.StartsWith("src/", project, StringComparison.Ordinal);
        }

        Assert.Contains("src/", copied);
        foreach (var shared in new[] { "Directory.Build.props", "Directory.Packages.props", ".editorconfig" })
        {
            Assert.Contains(shared, copied);
        }
    }

    [Fact]
    public void The_build_context_holds_only_the_sources_and_no_build_output()
    {
        var ignore = File.ReadAllLines(RepoPaths.Combine(".dockerignore")).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();

        Assert.Equal("*", ignore[0]);
        Assert.Contains("!src/", ignore);
        Assert.Contains("**/bin/", ignore);
        Assert.Contains("**/obj/", ignore);
        foreach (var copied in new[] { "Directory.Build.props", "Directory.Packages.props", ".editorconfig" })
        {
            Assert.Contains($"!{copied}", ignore);
        }
    }

    private static IEnumerable<string> ProjectClosure(string project)
    {
        var seen = new HashSet<string>();
        var pending = new Stack<string>([project]);
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            if (!seen.Add(current))
            {
                continue;
            }

            var folder = Path.GetDirectoryName(current)!;
            foreach (var reference in XDocument.Load(RepoPaths.Combine(current)).Descendants("ProjectReference"))
            {
                var full = Path.GetFullPath(Path.Combine(RepoPaths.Root, folder, reference.Attribute("Include")!.Value));
                pending.Push(Path.GetRelativePath(RepoPaths.Root, full).Replace('\\', '/'));
            }
        }

        return seen;
    }
}
