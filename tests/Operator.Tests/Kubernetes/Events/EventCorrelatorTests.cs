using CrossAccountStreams.Operator.Kubernetes.Events;
using k8s.Models;
using Microsoft.Extensions.Time.Testing;

namespace CrossAccountStreams.Operator.Tests.Kubernetes.Events;

public sealed class EventCorrelatorTests
{
    private static readonly V1ObjectReference Orders = new()
    {
        ApiVersion = "streams.crossaccount.io/v1alpha1", Kind = "StreamSubscription", Name = "orders", NamespaceProperty = "team-a", Uid = "u-1",
    };

    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));
    private readonly EventCorrelator correlator;

    public EventCorrelatorTests()
    {
        correlator = new EventCorrelator(time, new EventCorrelatorSettings { ReportingInstance = "replica-1" });
    }

    private static EventRecord Record(string reason = "MappingCreated", string message = "Created event source mapping 1234") =>
        new(Orders, "Normal", reason, message);

    [Fact]
    public void The_first_event_about_an_object_creates_an_Event_in_its_namespace()
    {
        var action = Assert.IsType<EventAction.Create>(correlator.Correlate(Record()));

        Assert.Equal("team-a", action.Event.Metadata.NamespaceProperty);
        Assert.StartsWith("orders.", action.Event.Metadata.Name, StringComparison.Ordinal);
        Assert.Equal(1, action.Event.Count);
        Assert.Equal("MappingCreated", action.Event.Reason);
        Assert.Equal(Orders, action.Event.InvolvedObject);
        Assert.Equal("stream-subscription-operator", action.Event.Source.Component);
        Assert.Equal("replica-1", action.Event.ReportingInstance);
    }

    [Fact]
    public void The_same_event_again_within_ten_minutes_increments_the_existing_Event()
    {
        var created = Assert.IsType<EventAction.Create>(correlator.Correlate(Record()));
        time.Advance(TimeSpan.FromMinutes(9));

        var again = Assert.IsType<EventAction.Increment>(correlator.Correlate(Record()));

        Assert.Equal(created.Event.Metadata.Name, again.Name);
        Assert.Equal(2, again.Count);
        Assert.Equal(time.GetUtcNow().UtcDateTime, again.LastTimestamp);
    }

    [Theory]
    [InlineData("MappingCreated", "Created event source mapping 5678")]
    [InlineData("MappingUpdated", "Created event source mapping 1234")]
    public void A_different_reason_or_message_is_a_new_Event(string reason, string message)
    {
        correlator.Correlate(Record());

        Assert.IsType<EventAction.Create>(correlator.Correlate(Record(reason, message)));
    }

    [Fact]
    public void The_same_event_after_the_window_is_a_new_Event()
    {
        var first = Assert.IsType<EventAction.Create>(correlator.Correlate(Record()));
        time.Advance(TimeSpan.FromMinutes(11));

        var second = Assert.IsType<EventAction.Create>(correlator.Correlate(Record()));
        Assert.NotEqual(first.Event.Metadata.Name, second.Event.Metadata.Name);
    }

    [Fact]
    public void More_than_25_events_about_one_object_in_a_burst_are_dropped_until_the_bucket_refills()
    {
        for (var i = 0; i < 25; i++)
        {
            Assert.IsNotType<EventAction.Drop>(correlator.Correlate(Record(message: $"message {i}")));
        }

        Assert.IsType<EventAction.Drop>(correlator.Correlate(Record(message: "one too many")));

        var other = new EventRecord(new V1ObjectReference { Kind = "StreamSubscription", Name = "payments", NamespaceProperty = "team-a", Uid = "u-2" }, "Normal", "MappingCreated", "x");
        Assert.IsType<EventAction.Create>(correlator.Correlate(other));

        time.Advance(TimeSpan.FromMinutes(5));
        Assert.IsType<EventAction.Create>(correlator.Correlate(Record(message: "after refill")));
        Assert.IsType<EventAction.Drop>(correlator.Correlate(Record(message: "and again too many")));
    }

    [Fact]
    public void Events_about_cluster_scoped_objects_go_to_the_default_namespace()
    {
        var account = new V1ObjectReference { Kind = "AwsAccount", Name = "prod", Uid = "u-3" };

        var action = Assert.IsType<EventAction.Create>(correlator.Correlate(new EventRecord(account, "Warning", "AssumeRoleFailed", "denied")));

        Assert.Equal("default", action.Event.Metadata.NamespaceProperty);
    }
}
