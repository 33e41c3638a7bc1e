using CrossAccountStreams.TestSupport;

namespace CrossAccountStreams.Delivery.Tests.Chart;

/// <summary><c>helm install</c> itself (client-side dry run): the notes a user reads, and the schema at install time.</summary>
public sealed class InstallNotesTests
{
    [Fact]
    public async Task The_install_notes_tell_the_user_what_to_do_next()
    {
        var result = await InstallAsync("");

        Assert.True(result.ExitCode == 0, result.StandardError);
        var notes = result.StandardOutput[result.StandardOutput.IndexOf("NOTES:", StringComparison.Ordinal)..];
        Assert.Contains("docs/iam/README.md", notes, StringComparison.Ordinal);
        Assert.Contains("kind: AwsAccount", notes, StringComparison.Ordinal);
        Assert.Contains("kind: StreamSubscription", notes, StringComparison.Ordinal);
        Assert.Contains("kubectl get ssub", notes, StringComparison.Ordinal);
        Assert.Contains("kubectl wait ssub/orders-to-billing", notes, StringComparison.Ordinal);
        Assert.Contains("create-pod-identity-association", notes, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_install_notes_follow_the_watched_namespace_and_leader_election()
    {
        var result = await InstallAsync("watchNamespace: team-a\nreplicas: 2\n");

        Assert.True(result.ExitCode == 0, result.StandardError);
        Assert.Contains("watching StreamSubscriptions in namespace team-a only", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("kubectl get ssub -n team-a", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Leader election is on: 2 replicas", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Helm_install_refuses_a_bad_value_before_touching_the_cluster()
    {
        var result = await InstallAsync("logFormat: xml\n");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("/logFormat", result.StandardError, StringComparison.Ordinal);
    }

    private static async Task<ProcessResult> InstallAsync(string values)
    {
        var valuesFile = Path.Combine(Path.GetTempPath(), $"delivery-install-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(valuesFile, values);
        try
        {
            return await CliTools.RunAsync(
                CliTools.Helm,
                ["install", ChartRenderer.ReleaseName, ChartRenderer.ChartPath, "--dry-run=client", "--namespace", ChartRenderer.ReleaseNamespace, "--values", valuesFile],
                timeout: TimeSpan.FromMinutes(1));
        }
        finally
        {
            File.Delete(valuesFile);
        }
    }
}
