using CrossAccountStreams.Entities;
using CrossAccountStreams.Entities.V1Alpha1;
using CrossAccountStreams.Operator.Runtime;
using CrossAccountStreams.Operator.Runtime.Informers;
using k8s.Models;

namespace CrossAccountStreams.Operator.Hosting;

/// <summary>
/// Which StreamSubscriptions to reconcile when something they depend on changes: an AwsAccount they name (its spec,
/// its Ready condition, its existence) or the labels of their namespace (which an account's namespace selector reads).
/// Pure functions over the subscription cache.
/// </summary>
public static class SubscriptionTriggers
{
    /// <summary>Index of the subscription cache: the AwsAccount names a subscription uses.</summary>
    public const string ByAccount = "spec.account";

    public static IEnumerable<string> AccountsOf(V1Alpha1StreamSubscription subscription) =>
        new[] { subscription.Spec?.Source?.Account, subscription.Spec?.Target?.Account }
            .Where(a => !string.IsNullOrEmpty(a))
            .Select(a => a!);

    /// <summary>
    /// Subscriptions naming the account, unless the change cannot matter to them (a resync or a status-only write
    /// that kept Ready). A status write that verifies a new generation matters even when Ready stays True: until it,
    /// subscriptions wait for the account to be verified.
    /// </summary>
    public static IEnumerable<ObjectKey> ForAccountChange(
        ResourceCache<V1Alpha1StreamSubscription> subscriptions, V1Alpha1AwsAccount? previous, V1Alpha1AwsAccount current)
    {
        if (previous is not null
            && previous.Metadata.Generation == current.Metadata.Generation
            && previous.Status?.ObservedGeneration == current.Status?.ObservedGeneration
            && ReadyStatus(previous) == ReadyStatus(current))
        {
            return [];
        }

        return subscriptions.ByIndex(ByAccount, current.Metadata.Name).Select(ObjectKey.Of).ToList();
    }

    /// <summary>Subscriptions in the namespace when its labels changed.</summary>
    public static IEnumerable<ObjectKey> ForNamespaceChange(
        ResourceCache<V1Alpha1StreamSubscription> subscriptions, V1Namespace? previous, V1Namespace current)
    {
        if (previous is null || SameLabels(previous.Metadata.Labels, current.Metadata.Labels))
        {
            return [];
        }

        return subscriptions.List()
            .Where(s => s.Metadata.NamespaceProperty == current.Metadata.Name)
            .Select(ObjectKey.Of)
            .ToList();
    }

    private static string? ReadyStatus(V1Alpha1AwsAccount account) =>
        account.Status?.Conditions?.FirstOrDefault(c => c.Type == ConditionTypes.Ready)?.Status;

    private static bool SameLabels(IDictionary<string, string>? a, IDictionary<string, string>? b)
    {
        a ??= new Dictionary<string, string>();
        b ??= new Dictionary<string, string>();
        return a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var v) && v == kv.Value);
    }
}
