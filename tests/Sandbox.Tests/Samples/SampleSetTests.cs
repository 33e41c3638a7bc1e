using CrossAccountStreams.Entities.V1Alpha1;
using CrossAccountStreams.Sandbox.Hosting;
using CrossAccountStreams.Sandbox.Samples;
using CrossAccountStreams.TestSupport;

namespace CrossAccountStreams.Sandbox.Tests.Samples;

public sealed class SampleSetTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("samples-").FullName;

    [Fact]
    public void The_repository_samples_load_as_typed_objects_in_kustomization_order()
    {
        var samples = SampleSet.Load(RepoPaths.Combine("config", "samples"));

        Assert.NotEmpty(samples.Namespaces);
        Assert.NotEmpty(samples.Accounts);
        Assert.All(samples.Accounts, a => Assert.Matches("^[0-9]{12}$", a.Spec.AccountId));
        Assert.All(samples.Subscriptions, s => Assert.False(string.IsNullOrEmpty(s.Spec.Target.FunctionName)));
        Assert.Contains(samples.Subscriptions, s => s.Spec.Mapping?.StartingPosition == StartingPosition.TrimHorizon);
    }

    [Fact]
    public void Files_are_read_in_the_order_the_kustomization_lists_them()
    {
        Write("kustomization.yaml", "resources:\n- second.yaml\n- first.yaml\n");
        Write("first.yaml", Subscription("first"));
        Write("second.yaml", Subscription("second"));

        var samples = SampleSet.Load(directory);

        Assert.Equal(["second", "first"], samples.Subscriptions.Select(s => s.Metadata.Name));
    }

    [Fact]
    public void A_kind_the_sandbox_does_not_apply_is_an_error_naming_the_file()
    {
        Write("kustomization.yaml", "resources:\n- config.yaml\n");
        Write("config.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n");

        var error = Assert.Throws<SandboxSetupException>(() => SampleSet.Load(directory));

        Assert.Contains("config.yaml", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Samples_without_a_subscription_are_an_error()
    {
        Write("ns.yaml", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: orders\n");

        var error = Assert.Throws<SandboxSetupException>(() => SampleSet.Load(directory));

        Assert.Contains("No StreamSubscription", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private void Write(string name, string content) => File.WriteAllText(Path.Combine(directory, name), content);

    private static string Subscription(string name) => $"""
        apiVersion: streams.crossaccount.io/v1alpha1
        kind: StreamSubscription
        metadata:
          name: {name}
          namespace: orders
        spec:
          source:
            account: orders-source
            region: eu-west-1
            tableName: Orders
          target:
            account: functions-target
            functionName: order-processor
        """;
}
