using System.Collections.Concurrent;
using CrossAccountStreams.Delivery.Tests.Manifests;
using CrossAccountStreams.TestSupport;

namespace CrossAccountStreams.Delivery.Tests.Chart;

/// <summary>Runs <c>helm template</c> on the chart with given values, as a user installing it would.</summary>
public static class ChartRenderer
{
    public const string ReleaseName = "stream-subscription-operator";
    public const string ReleaseNamespace = "stream-subscription-system";

    private static readonly ConcurrentDictionary<(string Values, bool Crds), Task<ProcessResult>> Cache = new();

    public static string ChartPath => RepoPaths.Combine("charts", "stream-subscription-operator");

    /// <summary>Renders and returns helm's exit code and output; the same values are rendered once per test run.</summary>
    public static Task<ProcessResult> TemplateAsync(string valuesYaml = "", bool includeCrds = false) =>
        Cache.GetOrAdd((valuesYaml, includeCrds), key => RunTemplateAsync(key.Values, key.Crds));

    public static async Task<Manifest> RenderAsync(string valuesYaml = "", bool includeCrds = false)
    {
        var result = await TemplateAsync(valuesYaml, includeCrds);
        Assert.True(result.ExitCode == 0, $"helm template failed:\n{result.StandardError}");
        return new Manifest(YamlDocuments.Parse(result.StandardOutput));
    }

    private static async Task<ProcessResult> RunTemplateAsync(string valuesYaml, bool includeCrds)
    {
        var valuesFile = Path.Combine(Path.GetTempPath(), $"delivery-values-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(valuesFile, valuesYaml);
        try
        {
            List<string> args = ["template", ReleaseName, ChartPath, "--namespace", ReleaseNamespace, "--values", valuesFile];
            if (includeCrds)
            {
                args.Add("--include-crds");
            }

            return await CliTools.RunAsync(CliTools.Helm, args, timeout: TimeSpan.FromMinutes(1));
        }
        finally
        {
            File.Delete(valuesFile);
        }
    }
}
