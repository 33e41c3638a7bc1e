using CrossAccountStreams.Entities.V1Alpha1;
using CrossAccountStreams.Operator.Hosting;
using CrossAccountStreams.Operator.Runtime;
using CrossAccountStreams.Operator.Runtime.Informers;
using k8s.Models;

namespace CrossAccountStreams.Operator.Tests.Hosting;

public sealed class SubscriptionTriggersTests
{
    private readonly ResourceCache<V1Alpha1StreamSubscription> subscriptions = new();

    public SubscriptionTriggersTests()
    {
        subscriptions.AddIndex(SubscriptionTriggers.ByAccount, SubscriptionTriggers.AccountsOf);
        subscriptions.Upsert(Subscription("team-a", "orders", source: "prod-data", target: "prod-compute"));
        subscriptions.Upsert(Subscription("team-a", "payments", source: "prod-data", target: "prod-data"));
        subscriptions.Upsert(Subscription("team-b", "audit", source: "audit", target: "prod-compute"));
    }

    [Fact]
    public void A_new_account_wakes_every_subscription_naming_it_as_source_or_target()
    {
        var keys = SubscriptionTriggers.ForAccountChange(subscriptions, null, Account("prod-compute", generation: 1, ready: null));

        Assert.Equal([new ObjectKey("team-a", "orders"), new ObjectKey("team-b", "audit")], keys.OrderBy(k => k.ToString()));
    }

    [Fact]
    public void A_spec_change_or_a_Ready_flip_wakes_the_subscriptions_but_a_resync_or_status_only_write_does_not()
    {
        var v1 = Account("prod-data", generation: 1, ready: "True");

        Assert.Equal(2, SubscriptionTriggers.ForAccountChange(subscriptions, v1, Account("prod-data", 2, "True")).Count());
        Assert.Equal(2, SubscriptionTriggers.ForAccountChange(subscriptions, v1, Account("prod-data", 1, "False")).Count());
        Assert.Empty(SubscriptionTriggers.ForAccountChange(subscriptions, v1, v1));
        Assert.Empty(SubscriptionTriggers.ForAccountChange(subscriptions, v1, Account("prod-data", 1, "True")));
    }

    [Fact]
    public void A_namespace_label_change_wakes_only_that_namespace_subscriptions()
    {
        var before = Namespace("team-a", ("tier", "gold"));

        var keys = SubscriptionTriggers.ForNamespaceChange(subscriptions, before, Namespace("team-a", ("tier", "silver")));

        Assert.Equal([new ObjectKey("team-a", "orders"), new ObjectKey("team-a", "payments")], keys.OrderBy(k => k.ToString()));
        Assert.Empty(SubscriptionTriggers.ForNamespaceChange(subscriptions, before, Namespace("team-a", ("tier", "gold"))));
        Assert.Empty(SubscriptionTriggers.ForNamespaceChange(subscriptions, null, before));
    }

    [Fact]
    public void The_account_index_follows_a_subscription_that_switches_accounts()
    {
        subscriptions.Upsert(Subscription("team-a", "orders", source: "other", target: "other"));

        var keys = SubscriptionTriggers.ForAccountChange(subscriptions, null, Account("prod-compute", 1, null));

        Assert.Equal([new ObjectKey("team-b", "audit")], keys);
    }

    private static V1Alpha1StreamSubscription Subscription(string ns, string name, string source, string target) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns, ResourceVersion = "1" },
        Spec = new StreamSubscriptionSpec
        {
            Source = new StreamSource { Account = source, Region = "eu-west-1", TableName = "orders" },
            Target = new FunctionTarget { Account = target, FunctionName = "consume" },
        },
    };

    private static V1Alpha1AwsAccount Account(string name, long generation, string? ready) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Generation = generation },
        Status = new AwsAccountStatus
        {
            Conditions = ready is null ? null : [new V1Condition { Type = "Ready", Status = ready, Reason = "Checked", Message = "" }],
        },
    };

    private static V1Namespace Namespace(string name, params (string Key, string Value)[] labels) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = labels.ToDictionary(l => l.Key, l => l.Value) },
    };
}
