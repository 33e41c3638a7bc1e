using CrossAccountStreams.Operator.Reconciliation.Policy;
using static CrossAccountStreams.Operator.Tests.Reconciliation.Golden.StreamPolicyGoldens;

namespace CrossAccountStreams.Operator.Tests.Reconciliation.Policy;

public sealed class StreamPolicyDocumentTests
{
    private static readonly StreamReadStatement Ours = new(Sid, RoleArn, StreamArn);

    [Fact]
    public void Adding_our_statement_to_a_stream_without_policy_writes_exactly_one_statement()
    {
        var merged = StreamPolicyDocument.Empty.WithStatement(Ours);

        Assert.Equal(OnlyOurs, merged.ToJson());
    }

    [Fact]
    public void Adding_our_statement_keeps_a_foreign_single_object_statement_exactly_as_it_was()
    {
        var merged = StreamPolicyDocument.Parse(Foreign).WithStatement(Ours);

        Assert.Equal(ForeignPlusOurs, merged.ToJson());
    }

    [Fact]
    public void An_outdated_statement_of_ours_is_replaced_in_place_between_foreign_ones()
    {
        var merged = StreamPolicyDocument.Parse(OursOutdatedBetweenOthers).WithStatement(Ours);

        Assert.Equal(OursUpdatedBetweenOthers, merged.ToJson());
    }

    [Fact]
    public void Removing_our_statement_leaves_every_other_statement_untouched()
    {
        var remaining = StreamPolicyDocument.Parse(OursUpdatedBetweenOthers).WithoutStatement(Sid);

        Assert.Equal(OthersWithoutOurs, remaining.ToJson());
        Assert.False(remaining.IsEmpty);
    }

    [Fact]
    public void Removing_the_only_statement_leaves_an_empty_policy_to_delete()
    {
        var remaining = StreamPolicyDocument.Parse(OnlyOurs).WithoutStatement(Sid);

        Assert.True(remaining.IsEmpty);
    }

    [Fact]
    public void Removing_a_statement_that_is_not_there_changes_nothing()
    {
        var document = StreamPolicyDocument.Parse(Foreign);

        Assert.True(document.WithoutStatement(Sid).SemanticallyEquals(document));
    }

    [Theory]
    [InlineData("our statement reformatted by another tool", OursReformatted, OnlyOurs, true)]
    [InlineData("the same policy with statements in another order", OthersWithoutOurs,
        """{"Version":"2012-10-17","Statement":[{"Sid":"Last","Effect":"Deny","Principal":"*","Action":["dynamodb:*"],"Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}},{"Sid":"First","Effect":"Allow","Principal":{"AWS":["arn:aws:iam::444444444444:role/a"]},"Action":"dynamodb:GetRecords","Resource":["*"]}]}""", true)]
    [InlineData("a different principal", OursOutdatedBetweenOthers, OursUpdatedBetweenOthers, false)]
    [InlineData("a missing statement", Foreign, ForeignPlusOurs, false)]
    [InlineData("a different condition value", OthersWithoutOurs,
        """{"Version":"2012-10-17","Statement":[{"Sid":"First","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444444444444:role/a"},"Action":"dynamodb:GetRecords","Resource":"*"},{"Sid":"Last","Effect":"Deny","Principal":"*","Action":"dynamodb:*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"true"}}}]}""", false)]
    [InlineData("an extra action", OnlyOurs,
        """{"Version":"2012-10-17","Statement":[{"Sid":"StreamSubscription0123456789ABCDEF0123456789ABCDEF","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::222222222222:role/order-processor-exec"},"Action":["dynamodb:DescribeStream","dynamodb:GetRecords","dynamodb:GetShardIterator","dynamodb:ListStreams"],"Resource":"arn:aws:dynamodb:eu-west-1:111111111111:table/Orders/stream/2026-01-01T00:00:00.000"}]}""", false)]
    public void Policies_compare_as_IAM_reads_them(string situation, string left, string right, bool equal)
    {
        Assert.True(equal == StreamPolicyDocument.Parse(left).SemanticallyEquals(StreamPolicyDocument.Parse(right)), situation);
    }

    [Fact]
    public void Merging_into_a_policy_that_already_holds_our_statement_in_another_form_changes_nothing()
    {
        var current = StreamPolicyDocument.Parse(OursReformatted);

        Assert.True(current.WithStatement(Ours).SemanticallyEquals(current));
    }

    [Theory]
    [InlineData("not json", "not valid JSON")]
    [InlineData("[1,2]", "not a JSON object")]
    [InlineData("""{"Version":"2012-10-17","Statement":"Allow"}""", "neither an object nor an array")]
    [InlineData("""{"Version":"2012-10-17","Statement":[1]}""", "not a JSON object")]
    public void An_unreadable_policy_is_refused_with_what_is_wrong(string json, string expected)
    {
        var error = Assert.Throws<FormatException>(() => StreamPolicyDocument.Parse(json));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Readers_are_counted_once_per_principal_across_statements()
    {
        var document = StreamPolicyDocument.Parse(OursUpdatedBetweenOthers)
            .WithStatement(new StreamReadStatement("StreamSubscriptionB", "arn:aws:iam::555555555555:role/b", StreamArn))
            .WithStatement(new StreamReadStatement("StreamSubscriptionC", RoleArn, StreamArn));

        // role/a, order-processor-exec and role/b read; the Deny statement grants nothing.
        Assert.Equal(3, document.CountReaders());
    }
}

public sealed class StatementIdsTests
{
    [Fact]
    public void A_statement_id_is_stable_alphanumeric_and_marked_as_the_operators()
    {
        var sid = StatementIds.For("orders", "orders-to-processor", "0f7a3c1e-8a43-4bb2-9f6e-12ab34cd56ef");

        Assert.Equal(sid, StatementIds.For("orders", "orders-to-processor", "0f7a3c1e-8a43-4bb2-9f6e-12ab34cd56ef"));
        Assert.Matches("^[A-Za-z0-9]+$", sid);
        Assert.True(StatementIds.IsOperatorOwned(sid));
        Assert.Equal(StatementIds.Prefix.Length + 32, sid.Length);
    }

    [Theory]
    [InlineData("other-namespace", "orders-to-processor", "uid-1")]
    [InlineData("orders", "other-name", "uid-1")]
    [InlineData("orders", "orders-to-processor", "uid-2")]
    public void Another_owner_gets_another_statement_id(string ns, string name, string uid)
    {
        Assert.NotEqual(StatementIds.For("orders", "orders-to-processor", "uid-1"), StatementIds.For(ns, name, uid));
    }
}
