using CrossAccountStreams.Entities.V1Alpha1;
using CrossAccountStreams.Sandbox.Samples;
using CrossAccountStreams.Sandbox.Traffic;
using k8s.Models;
using LocalAws.DataPlane;

namespace CrossAccountStreams.Sandbox.Tests.Traffic;

public sealed class TrafficPlanTests
{
    private static readonly SourceTable Orders = new("111111111111", "eu-west-1", "Orders");
    private static readonly SourceTable Payments = new("333333333333", "eu-west-1", "Payments");

    private static V1Alpha1AwsAccount Account(string name, string id) =>
        new() { Metadata = new V1ObjectMeta { Name = name }, Spec = new AwsAccountSpec { AccountId = id } };

    private static V1Alpha1StreamSubscription Subscription(string name, string account, string table, string function, params string[] filters) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "orders" },
        Spec = new StreamSubscriptionSpec
        {
            Source = new StreamSource { Account = account, Region = "eu-west-1", TableName = table },
            Target = new FunctionTarget { Account = "target", FunctionName = function },
            Mapping = filters.Length == 0 ? null : new MappingSpec { Filters = [.. filters.Select(p => new EventFilter { Pattern = p })] },
        },
    };

    private static TrafficPlan Plan(params V1Alpha1StreamSubscription[] subscriptions) => TrafficPlan.Create(
        new SampleSet([], [Account("orders-source", "111111111111"), Account("payments-source", "333333333333")], subscriptions),
        _ => "id",
        (pattern, record) => EventPattern.TryParse(pattern, out _)?.Matches(record) ?? false);

    [Fact]
    public void Every_source_table_gets_one_item_per_status_once_however_many_subscriptions_read_it()
    {
        var plan = Plan(
            Subscription("a", "orders-source", "Orders", "order-processor"),
            Subscription("b", "orders-source", "Orders", "analytics-ingest"),
            Subscription("c", "payments-source", "Payments", "analytics-ingest"));

        Assert.Equal([Orders, Payments], plan.Tables);
        Assert.Equal(2 * TrafficPlan.Statuses.Count, plan.Items.Count);
        Assert.Equal(plan.Items.Count, plan.Items.Select(i => (i.Table, i.Key)).Distinct().Count());
    }

    [Fact]
    public void A_function_without_filters_expects_every_item_of_each_table_it_subscribes_to()
    {
        var plan = Plan(
            Subscription("a", "orders-source", "Orders", "analytics-ingest"),
            Subscription("b", "payments-source", "Payments", "analytics-ingest"));

        var expected = plan.Expected.Where(e => e.Function == "analytics-ingest").ToList();
        Assert.Equal(6, expected.Count);
        Assert.Equal(3, expected.Count(e => e.Table == Payments));
    }

    [Fact]
    public void A_filtered_subscription_expects_only_the_items_its_pattern_matches()
    {
        var plan = Plan(Subscription("refunds", "payments-source", "Payments", "order-processor",
            """{"eventName":["INSERT","MODIFY"],"dynamodb":{"NewImage":{"status":{"S":["REFUNDED"]}}}}"""));

        var expected = Assert.Single(plan.Expected);
        var item = plan.Items.Single(i => i.Key == expected.Key);
        Assert.Equal("REFUNDED", item.Attributes["status"]);
        Assert.Equal("orders/refunds", expected.Subscription);
    }

    [Fact]
    public void A_subscription_naming_an_account_the_samples_lack_expects_nothing()
    {
        var plan = Plan(Subscription("lost", "nowhere", "Orders", "order-processor"));

        Assert.Empty(plan.Tables);
        Assert.Empty(plan.Expected);
    }

    [Theory]
    [InlineData("arn:aws:dynamodb:eu-west-1:111111111111:table/Orders/stream/2026-01-01T00:00:00.000", "111111111111", "Orders")]
    [InlineData("arn:aws:dynamodb:eu-west-1:333333333333:table/Payments", "333333333333", "Payments")]
    public void A_stream_ARN_names_its_account_and_table(string arn, string account, string table)
    {
        var source = StreamArns.TableOf(arn);

        Assert.Equal(new SourceTable(account, "eu-west-1", table), source);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("arn:aws:lambda:eu-west-1:222222222222:function:order-processor")]
    [InlineData("not an arn")]
    public void Anything_else_is_no_table(string? arn)
    {
        Assert.Null(StreamArns.TableOf(arn));
    }
}
