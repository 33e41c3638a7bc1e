using CrossAccountStreams.Sandbox.Reporting;
using CrossAccountStreams.Sandbox.Traffic;

namespace CrossAccountStreams.Sandbox.Tests.Reporting;

public sealed class ScenarioSummaryTests
{
    private static readonly SubscriptionOutcome ReadyOne = new("orders/a", true, "Synced", "ok");
    private static readonly FunctionDeliveries AllDelivered = new("order-processor", 3, 3, [], []);

    [Fact]
    public void Everything_Ready_and_delivered_converges()
    {
        var summary = new ScenarioSummary([ReadyOne], [AllDelivered], []);

        Assert.True(summary.Converged);
        Assert.EndsWith("Result: converged\n", summary.Render(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a subscription is not Ready", false, 3, 0)]
    [InlineData("an item did not arrive", true, 2, 0)]
    [InlineData("an item arrived that a filter excludes", true, 3, 1)]
    public void The_run_does_not_converge_when(string because, bool ready, int received, int unexpected)
    {
        var summary = new ScenarioSummary(
            [ReadyOne with { Ready = ready, Reason = ready ? "Synced" : "AccessDenied" }],
            [new FunctionDeliveries("order-processor", 3, received, received < 3 ? ["Orders/orders-3"] : [], [.. Enumerable.Repeat("Payments/payments-1", unexpected)])],
            []);

        Assert.False(summary.Converged, because);
        Assert.EndsWith("Result: NOT converged\n", summary.Render(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_problem_or_nothing_to_deliver_does_not_converge()
    {
        Assert.False(new ScenarioSummary([ReadyOne], [AllDelivered], ["the operator exited with code 1"]).Converged);
        Assert.False(new ScenarioSummary([ReadyOne], [], []).Converged);
        Assert.False(new ScenarioSummary([], [AllDelivered], []).Converged);
    }

    [Fact]
    public void Each_subscription_and_function_gets_one_line_with_the_reason_or_the_counts()
    {
        var text = new ScenarioSummary(
            [ReadyOne, new SubscriptionOutcome("analytics/b", false, "StreamAccessDenied", "the role cannot read the stream")],
            [new FunctionDeliveries("analytics-ingest", 6, 5, ["Payments/payments-3"], [])],
            []).Render();

        Assert.Contains("  subscription orders/a: Ready (Synced)\n", text, StringComparison.Ordinal);
        Assert.Contains("  subscription analytics/b: NOT READY (StreamAccessDenied: the role cannot read the stream)\n", text, StringComparison.Ordinal);
        Assert.Contains("  function analytics-ingest: received 5 of 6 written items; missing Payments/payments-3\n", text, StringComparison.Ordinal);
    }
}
