using CrossAccountStreams.Entities.V1Alpha1;
using CrossAccountStreams.Operator.Hosting;
using CrossAccountStreams.Operator.Runtime;
using CrossAccountStreams.Operator.Runtime.Informers;
using k8s.Models;

namespace CrossAccountStreams.Operator.Tests.Hosting;

/// <summary>
/// After an AwsAccount's spec changes, its subscriptions wait until the account is verified again; the status write
/// that verifies the new generation must wake them, even when Ready was True before and after.
/// </summary>
public sealed class SubscriptionTriggersVerificationTests
{
    private readonly ResourceCache<V1Alpha1StreamSubscription> subscriptions = new();

    public SubscriptionTriggersVerificationTests()
    {
        subscriptions.AddIndex(SubscriptionTriggers.ByAccount, SubscriptionTriggers.AccountsOf);
        subscriptions.Upsert(new V1Alpha1StreamSubscription
        {
            Metadata = new V1ObjectMeta { Name = "orders", NamespaceProperty = "team-a", ResourceVersion = "1" },
            Spec = new StreamSubscriptionSpec
            {
                Source = new StreamSource { Account = "prod-data", Region = "eu-west-1", TableName = "orders" },
                Target = new FunctionTarget { Account = "prod-compute", FunctionName = "consume" },
            },
        });
    }

    [Fact]
    public void The_status_write_that_verifies_a_new_generation_wakes_the_subscriptions_though_Ready_stays_True()
    {
        var changedSpec = Account(generation: 2, observed: 1);

        var keys = SubscriptionTriggers.ForAccountChange(subscriptions, changedSpec, Account(generation: 2, observed: 2));

        Assert.Equal([new ObjectKey("team-a", "orders")], keys);
    }

    [Fact]
    public void A_re_verification_of_the_same_generation_that_keeps_Ready_wakes_nobody()
    {
        var verified = Account(generation: 2, observed: 2);

        Assert.Empty(SubscriptionTriggers.ForAccountChange(subscriptions, verified, Account(generation: 2, observed: 2)));
    }

    private static V1Alpha1AwsAccount Account(long generation, long observed) => new()
    {
        Metadata = new V1ObjectMeta { Name = "prod-data", Generation = generation },
        Status = new AwsAccountStatus
        {
            ObservedGeneration = observed,
            Conditions = [new V1Condition { Type = "Ready", Status = "True", Reason = "RoleAssumed", Message = "" }],
        },
    };
}
