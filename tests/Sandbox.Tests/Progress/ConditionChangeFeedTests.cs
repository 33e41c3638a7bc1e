using CrossAccountStreams.Sandbox.Progress;

namespace CrossAccountStreams.Sandbox.Tests.Progress;

public sealed class ConditionChangeFeedTests
{
    private static ObjectSnapshot Subscription(params ConditionSnapshot[] conditions) => new("orders/sub", conditions) { Namespace = "orders", Name = "sub" };

    [Fact]
    public void Every_condition_of_a_new_object_is_a_change()
    {
        var feed = new ConditionChangeFeed();

        var changes = feed.Observe([Subscription(new ConditionSnapshot("Ready", "False", "MappingCreating", "Creating"), new ConditionSnapshot("Stalled", "False", "MappingCreating", null))]);

        Assert.Equal(["Ready", "Stalled"], changes.Select(c => c.Condition!.Type));
    }

    [Fact]
    public void An_unchanged_snapshot_reports_nothing()
    {
        var feed = new ConditionChangeFeed();
        feed.Observe([Subscription(new ConditionSnapshot("Ready", "True", "Synced", "ok"))]);

        Assert.Empty(feed.Observe([Subscription(new ConditionSnapshot("Ready", "True", "Synced", "ok"))]));
    }

    [Theory]
    [InlineData("the status flips", "False", "Synced", "ok")]
    [InlineData("the reason changes", "True", "Drifted", "ok")]
    [InlineData("the message changes", "True", "Synced", "repaired")]
    public void A_condition_is_reported_again_when(string because, string status, string reason, string message)
    {
        var feed = new ConditionChangeFeed();
        feed.Observe([Subscription(new ConditionSnapshot("Ready", "True", "Synced", "ok"), new ConditionSnapshot("Stalled", "False", "Synced", null))]);

        var changes = feed.Observe([Subscription(new ConditionSnapshot("Ready", status, reason, message), new ConditionSnapshot("Stalled", "False", "Synced", null))]);

        var change = Assert.Single(changes);
        Assert.True(change.Condition == new ConditionSnapshot("Ready", status, reason, message), because);
    }

    [Fact]
    public void An_object_that_disappears_is_reported_deleted_once()
    {
        var feed = new ConditionChangeFeed();
        feed.Observe([Subscription(new ConditionSnapshot("Ready", "True", "Synced", "ok"))]);

        var changes = feed.Observe([]);

        var change = Assert.Single(changes);
        Assert.Null(change.Condition);
        Assert.EndsWith("orders/sub  deleted", change.Format(DateTimeOffset.UnixEpoch), StringComparison.Ordinal);
        Assert.Empty(feed.Observe([]));
    }

    [Fact]
    public void A_change_reads_type_equals_status_then_reason_and_message()
    {
        var line = new ConditionChange("orders/sub", new ConditionSnapshot("Ready", "False", "AccessDenied", "sts:AssumeRole was denied"))
            .Format(DateTimeOffset.UnixEpoch);

        Assert.EndsWith("  orders/sub  Ready=False AccessDenied: sts:AssumeRole was denied", line, StringComparison.Ordinal);
    }
}
