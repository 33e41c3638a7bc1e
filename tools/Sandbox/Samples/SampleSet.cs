using CrossAccountStreams.Entities;
using CrossAccountStreams.Entities.V1Alpha1;
using CrossAccountStreams.Sandbox.Hosting;
using k8s;
using k8s.Models;
using YamlDotNet.RepresentationModel;

namespace CrossAccountStreams.Sandbox.Samples;

/// <summary>The objects of <c>config/samples</c>, by kind, in the order its kustomization lists them.</summary>
public sealed record SampleSet(
    IReadOnlyList<V1Namespace> Namespaces,
    IReadOnlyList<V1Alpha1AwsAccount> Accounts,
    IReadOnlyList<V1Alpha1StreamSubscription> Subscriptions)
{
    private static readonly Dictionary<string, Type> Kinds = new(StringComparer.Ordinal)
    {
        ["v1/Namespace"] = typeof(V1Namespace),
        [$"{ApiGroup.ApiVersion}/{V1Alpha1AwsAccount.KubeKind}"] = typeof(V1Alpha1AwsAccount),
        [$"{ApiGroup.ApiVersion}/{V1Alpha1StreamSubscription.KubeKind}"] = typeof(V1Alpha1StreamSubscription),
    };

    /// <summary>Reads the files named by <c>kustomization.yaml</c> (every <c>*.yaml</c> when there is none).</summary>
    public static SampleSet Load(string directory)
    {
        var namespaces = new List<V1Namespace>();
        var accounts = new List<V1Alpha1AwsAccount>();
        var subscriptions = new List<V1Alpha1StreamSubscription>();
        foreach (var file in ListFiles(directory))
        {
            List<object> objects;
            try
            {
                objects = KubernetesYaml.LoadAllFromString(File.ReadAllText(file), Kinds);
            }
            catch (Exception ex) when (ex is YamlDotNet.Core.YamlException or InvalidOperationException or IOException)
            {
                throw new SandboxSetupException($"Cannot read the sample {file}: {ex.Message}", ex);
            }

            foreach (var item in objects)
            {
                switch (item)
                {
                    case V1Namespace ns:
                        namespaces.Add(ns);
                        break;
                    case V1Alpha1AwsAccount account:
                        accounts.Add(account);
                        break;
                    case V1Alpha1StreamSubscription subscription:
                        subscriptions.Add(subscription);
                        break;
                    default:
                        throw new SandboxSetupException($"The sample {file} holds a {item.GetType().Name}; the sandbox applies Namespaces, AwsAccounts and StreamSubscriptions only.");
                }
            }
        }

        if (subscriptions.Count == 0)
        {
            throw new SandboxSetupException($"No StreamSubscription found in {directory}.");
        }

        return new SampleSet(namespaces, accounts, subscriptions);
    }

    private static IEnumerable<string> ListFiles(string directory)
    {
        var kustomization = Path.Combine(directory, "kustomization.yaml");
        if (!File.Exists(kustomization))
        {
            return Directory.EnumerateFiles(directory, "*.yaml").Order(StringComparer.Ordinal);
        }

        var stream = new YamlStream();
        using (var reader = new StringReader(File.ReadAllText(kustomization)))
        {
            stream.Load(reader);
        }

        if (stream.Documents.Count == 0
            || stream.Documents[0].RootNode is not YamlMappingNode root
            || !root.Children.TryGetValue(new YamlScalarNode("resources"), out var resources)
            || resources is not YamlSequenceNode list)
        {
            throw new SandboxSetupException($"{kustomization} has no resources list.");
        }

        return list.Children.OfType<YamlScalarNode>().Select(node => Path.Combine(directory, node.Value ?? ""));
    }
}
