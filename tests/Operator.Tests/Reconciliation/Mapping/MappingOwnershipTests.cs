using CrossAccountStreams.Entities;
using CrossAccountStreams.Operator.Reconciliation.Mapping;
using CrossAccountStreams.Operator.Tests.Reconciliation.Fakes;

namespace CrossAccountStreams.Operator.Tests.Reconciliation.Mapping;

public sealed class MappingOwnershipTests
{
    private const string Uuid = "6f1c2a9e-0000-4000-8000-000000000001";

    public static TheoryData<string, string?, string?, MappingClaim> Cases => new()
    {
        { "tagged for this subscription", "orders/orders-to-processor", null, MappingClaim.Owned },
        { "tagged for this subscription and also named for adoption", "orders/orders-to-processor", Uuid, MappingClaim.Owned },
        { "tagged for another subscription", "billing/orders-to-processor", null, MappingClaim.Foreign },
        { "tagged for a subscription of the same name in another namespace, adoption naming a different UUID", "other/orders-to-processor", "0000", MappingClaim.Foreign },
        { "untagged", null, null, MappingClaim.Foreign },
        { "untagged but named by the adopt annotation", null, Uuid, MappingClaim.Adopt },
        { "tagged for another subscription but named by the adopt annotation", "billing/x", Uuid, MappingClaim.Adopt },
        { "untagged and the adopt annotation names another mapping", null, "7a000000-0000-4000-8000-000000000002", MappingClaim.Foreign },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Ownership_of_a_found_mapping_is_decided_by_its_owner_tag_or_an_explicit_adoption(string situation, string? ownerTag, string? adoption, MappingClaim expected)
    {
        Dictionary<string, string> tags = ownerTag is null ? new() { ["team"] = "orders" } : new() { [ApiGroup.OwnerTag] = ownerTag };

        var claim = MappingOwnership.Judge(tags, "orders/orders-to-processor", Uuid, adoption);

        Assert.True(expected == claim, $"{situation}: expected {expected}, got {claim}");
    }

    [Fact]
    public void The_adoption_request_is_read_from_the_annotation()
    {
        var subscription = ObjectBuilders.Subscription();
        Assert.Null(MappingOwnership.AdoptionRequestOf(subscription));

        subscription.Metadata.Annotations = new Dictionary<string, string> { [ApiGroup.AdoptMappingAnnotation] = $" {Uuid} " };

        Assert.Equal(Uuid, MappingOwnership.AdoptionRequestOf(subscription));
    }

    [Fact]
    public void A_user_tag_cannot_claim_the_mapping_for_another_subscription()
    {
        var subscription = ObjectBuilders.Subscription(change: s => s.Mapping = new() { Tags = new Dictionary<string, string> { [ApiGroup.OwnerTag] = "billing/other" } });

        var desired = DesiredMapping.From(subscription, "arn:aws:dynamodb:eu-west-1:111111111111:table/Orders/stream/2026-01-01T00:00:00.000", "arn:aws:lambda:eu-west-1:222222222222:function:order-processor");

        Assert.Equal("orders/orders-to-processor", desired.Tags[ApiGroup.OwnerTag]);
    }

    [Fact]
    public void The_foreign_mapping_message_names_the_mapping_its_owner_and_the_way_out()
    {
        var message = MappingOwnership.ForeignMessage(Uuid, "arn:stream", "order-processor", new Dictionary<string, string> { [ApiGroup.OwnerTag] = "billing/x" });

        Assert.Contains(Uuid, message, StringComparison.Ordinal);
        Assert.Contains("StreamSubscription billing/x", message, StringComparison.Ordinal);
        Assert.Contains($"{ApiGroup.AdoptMappingAnnotation}={Uuid}", message, StringComparison.Ordinal);
    }
}
