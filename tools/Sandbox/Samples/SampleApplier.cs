using System.Net;
using CrossAccountStreams.Entities;
using CrossAccountStreams.Entities.V1Alpha1;
using CrossAccountStreams.Sandbox.Hosting;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace CrossAccountStreams.Sandbox.Samples;

/// <summary>Creates sample objects through the API server, as <c>kubectl create</c> would; objects already there are left as they are.</summary>
public sealed class SampleApplier(IKubernetes client)
{
    public async Task ApplyNamespacesAsync(IEnumerable<V1Namespace> namespaces, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(namespaces);
        foreach (var ns in namespaces)
        {
            await CreateAsync($"namespace {ns.Metadata.Name}", () => client.CoreV1.CreateNamespaceAsync(ns, cancellationToken: cancellationToken));
        }
    }

    public async Task ApplyAccountsAsync(IEnumerable<V1Alpha1AwsAccount> accounts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        foreach (var account in accounts)
        {
            await CreateAsync($"awsaccount {account.Metadata.Name}", () => client.CustomObjects.CreateClusterCustomObjectAsync(
                account, ApiGroup.Name, ApiGroup.Version, V1Alpha1AwsAccount.Plural, cancellationToken: cancellationToken));
        }
    }

    public async Task ApplySubscriptionsAsync(IEnumerable<V1Alpha1StreamSubscription> subscriptions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscriptions);
        foreach (var subscription in subscriptions)
        {
            await CreateAsync($"streamsubscription {subscription.Metadata.NamespaceProperty}/{subscription.Metadata.Name}", () => client.CustomObjects.CreateNamespacedCustomObjectAsync(
                subscription, ApiGroup.Name, ApiGroup.Version, subscription.Metadata.NamespaceProperty ?? "default",
                V1Alpha1StreamSubscription.Plural, cancellationToken: cancellationToken));
        }
    }

    private static async Task CreateAsync<T>(string what, Func<Task<T>> create)
    {
        try
        {
            await create();
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.Conflict)
        {
            // Already there: a sample applied by hand before, kept as it is.
        }
        catch (HttpOperationException ex)
        {
            throw new SandboxSetupException($"The API server refused {what}: {(int)ex.Response.StatusCode} {ex.Response.Content}", ex);
        }
    }
}
