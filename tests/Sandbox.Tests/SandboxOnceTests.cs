using System.Reflection;
using System.Text.RegularExpressions;
using CrossAccountStreams.TestSupport;
using YamlDotNet.RepresentationModel;

namespace CrossAccountStreams.Sandbox.Tests;

/// <summary>
/// The README's first command, end to end: the sandbox with <c>--once</c> starts both emulators and the real operator
/// process, applies config/samples, writes items in the source accounts and must see every sample Ready and every
/// item at its function in the target account.
/// </summary>
public sealed partial class SandboxOnceTests : IDisposable
{
    private readonly string stateDirectory = Directory.CreateTempSubdirectory("sandbox-test-").FullName;

    [Fact]
    public async Task Once_run_brings_every_sample_to_Ready_and_delivers_every_written_item_to_its_function()
    {
        var samples = ReadSampleSubscriptions();
        Assert.NotEmpty(samples);

        var result = await CliTools.RunAsync(
            DotnetHost(),
            [SandboxAssembly(), "--once", "--state-dir", stateDirectory, "--kube-port", "0", "--aws-port", "0"],
            timeout: TimeSpan.FromMinutes(5));

        var report = $"exit code {result.ExitCode}\n--- stdout\n{result.StandardOutput}\n--- stderr\n{result.StandardError}\n--- operator.log (last lines)\n{OperatorLogTail()}";
        Assert.True(result.ExitCode == 0, report);

        var ready = SubscriptionLine().Matches(result.StandardOutput).ToDictionary(m => m.Groups["id"].Value, m => m.Groups["state"].Value);
        foreach (var (id, _) in samples)
        {
            Assert.True(ready.TryGetValue(id, out var state), $"{id} is missing from the summary.\n{report}");
            Assert.True(state == "Ready", $"{id} is reported {state}.\n{report}");
        }

        var deliveries = FunctionLine().Matches(result.StandardOutput)
            .ToDictionary(m => m.Groups["function"].Value, m => (Received: int.Parse(m.Groups["received"].Value), Written: int.Parse(m.Groups["written"].Value)));
        foreach (var function in samples.Select(s => s.Function).Distinct())
        {
            Assert.True(deliveries.TryGetValue(function, out var counts), $"function {function} is missing from the summary.\n{report}");
            Assert.True(counts.Written > 0, $"no items were written for {function}.\n{report}");
            Assert.True(counts.Received == counts.Written, $"{function} received {counts.Received} of {counts.Written} items.\n{report}");
        }

        Assert.Contains("Result: converged", result.StandardOutput, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(stateDirectory, "kubeconfig")), "the kubeconfig was not written to the state folder");
        Assert.True(new FileInfo(Path.Combine(stateDirectory, "operator.log")).Length > 0, "the operator's log is empty");
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(stateDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary folder is harmless.
        }
    }

    /// <summary>namespace/name and target function of every StreamSubscription in config/samples, read independently of the sandbox.</summary>
    private static List<(string Id, string Function)> ReadSampleSubscriptions()
    {
        var subscriptions = new List<(string, string)>();
        foreach (var file in Directory.EnumerateFiles(RepoPaths.Combine("config", "samples"), "*.yaml"))
        {
            var stream = new YamlStream();
            using (var reader = new StringReader(File.ReadAllText(file)))
            {
                stream.Load(reader);
            }

            foreach (var document in stream.Documents)
            {
                if (document.RootNode is YamlMappingNode root && Scalar(root, "kind") == "StreamSubscription")
                {
                    var metadata = (YamlMappingNode)root["metadata"];
                    var target = (YamlMappingNode)((YamlMappingNode)root["spec"])["target"];
                    subscriptions.Add(($"{Scalar(metadata, "namespace")}/{Scalar(metadata, "name")}", Scalar(target, "functionName")!));
                }
            }
        }

        return subscriptions;
    }

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? (value as YamlScalarNode)?.Value : null;

    private static string SandboxAssembly()
    {
        var path = typeof(SandboxOnceTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "SandboxAssembly")?.Value;
        Assert.True(path is not null && File.Exists(path), $"the sandbox was not built where expected: '{path}'");
        return path;
    }

    private static string DotnetHost()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host))
        {
            return host;
        }

        return Environment.ProcessPath is { } current && Path.GetFileNameWithoutExtension(current) == "dotnet" ? current : "dotnet";
    }

    private string OperatorLogTail()
    {
        var log = Path.Combine(stateDirectory, "operator.log");
        return File.Exists(log) ? string.Join('\n', File.ReadLines(log).TakeLast(40)) : "(none)";
    }

    [GeneratedRegex(@"^\s*subscription (?<id>\S+): (?<state>Ready|NOT READY)", RegexOptions.Multiline)]
    private static partial Regex SubscriptionLine();

    [GeneratedRegex(@"^\s*function (?<function>\S+): received (?<received>\d+) of (?<written>\d+) written items", RegexOptions.Multiline)]
    private static partial Regex FunctionLine();
}
