using System.Text.Json.Nodes;
using CrossAccountStreams.Sandbox.Traffic;
using LocalAws;

namespace CrossAccountStreams.Sandbox.Tests.Traffic;

public sealed class DeliveryTallyTests
{
    private const string OrdersStream = "arn:aws:dynamodb:eu-west-1:111111111111:table/Orders/stream/2026-01-01T00:00:00.000";
    private const string OrderProcessor = "arn:aws:lambda:eu-west-1:222222222222:function:order-processor";
    private static readonly SourceTable Orders = new("111111111111", "eu-west-1", "Orders");

    private static Invocation Delivery(string function, params string[] keys) => new(
        Guid.NewGuid().ToString(), "uuid", function, OrdersStream, DateTimeOffset.UnixEpoch,
        new JsonObject
        {
            ["Records"] = new JsonArray([.. keys.Select(k => (JsonNode)new JsonObject
            {
                ["eventName"] = "INSERT",
                ["dynamodb"] = new JsonObject { ["Keys"] = new JsonObject { ["id"] = new JsonObject { ["S"] = k } } },
            })]),
        });

    private static TrafficPlan Plan(params string[] keys) => new(
        [Orders],
        [.. keys.Select(k => new PlannedItem(Orders, k, new Dictionary<string, string>()))],
        [.. keys.Select(k => new ExpectedDelivery("order-processor", "orders/a", Orders, k))]);

    [Fact]
    public void Items_delivered_twice_count_once()
    {
        var received = DeliveryTally.Received([Delivery(OrderProcessor, "orders-1", "orders-2"), Delivery(OrderProcessor, "orders-1")], _ => "id");

        Assert.Equal(2, received.Count);
        Assert.All(received, r => Assert.Equal("order-processor", r.Function));
    }

    [Fact]
    public void A_function_that_received_all_its_items_is_complete()
    {
        var result = DeliveryTally.Compare(Plan("orders-1", "orders-2"), DeliveryTally.Received([Delivery(OrderProcessor, "orders-1", "orders-2")], _ => "id"));

        var function = Assert.Single(result);
        Assert.True(function.Complete);
        Assert.Equal((2, 2), (function.Received, function.Written));
    }

    [Fact]
    public void Missing_items_are_named()
    {
        var result = DeliveryTally.Compare(Plan("orders-1", "orders-2"), DeliveryTally.Received([Delivery(OrderProcessor, "orders-2")], _ => "id"));

        var function = Assert.Single(result);
        Assert.False(function.Complete);
        Assert.Equal(["Orders/orders-1"], function.Missing);
    }

    [Fact]
    public void Items_a_filter_should_have_kept_away_make_the_function_incomplete()
    {
        var result = DeliveryTally.Compare(Plan("orders-1"), DeliveryTally.Received([Delivery(OrderProcessor, "orders-1", "orders-9")], _ => "id"));

        var function = Assert.Single(result);
        Assert.False(function.Complete);
        Assert.Equal(["Orders/orders-9"], function.Unexpected);
    }

    [Fact]
    public void Deliveries_to_an_alias_count_for_the_function()
    {
        var received = DeliveryTally.Received([Delivery(OrderProcessor + ":live", "orders-1")], _ => "id");

        Assert.Equal("order-processor", Assert.Single(received).Function);
    }
}
