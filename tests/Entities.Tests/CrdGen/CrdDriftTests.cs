using CrossAccountStreams.CrdGen;
using CrossAccountStreams.Entities.Tests.Support;
using CrossAccountStreams.TestSupport;

namespace CrossAccountStreams.Entities.Tests.CrdGen;

/// <summary>config/crds is what gets installed, so it must be exactly what the C# types declare.</summary>
public sealed class CrdDriftTests
{
    private static readonly string CrdsFolder = RepoPaths.Combine("config", "crds");

    [Fact]
    public void Committed_CRDs_match_what_the_code_generates()
    {
        var expected = CrdFolder.Render(GeneratedCrds.All);

        var problems = new List<string>();
        foreach (var file in expected)
        {
            var path = Path.Combine(CrdsFolder, file.FileName);
            if (!File.Exists(path))
            {
                problems.Add($"config/crds/{file.FileName} is missing");
            }
            else if (File.ReadAllText(path).ReplaceLineEndings("\n") != file.Content)
            {
                problems.Add($"config/crds/{file.FileName} differs from the code");
            }
        }

        var wanted = expected.Select(f => f.FileName).ToHashSet();
        problems.AddRange(CrdFolder.FindGenerated(CrdsFolder)
            .Select(Path.GetFileName)
            .Where(f => !wanted.Contains(f!))
            .Select(f => $"config/crds/{f} is generated but no entity declares it any more"));

        Assert.True(problems.Count == 0,
            $"{string.Join('\n', problems)}\nThe CRDs are out of date with src/Entities. Regenerate them with:\n  {CrdFolder.RegenerateCommand}");
    }
}
