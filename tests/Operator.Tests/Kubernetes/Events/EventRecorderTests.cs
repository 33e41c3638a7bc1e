using CrossAccountStreams.Entities.V1Alpha1;
using CrossAccountStreams.Operator.Kubernetes.Events;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace CrossAccountStreams.Operator.Tests.Kubernetes.Events;

public sealed class EventRecorderTests
{
    private readonly FakeSink sink = new();
    private readonly EventRecorder recorder;

    public EventRecorderTests()
    {
        recorder = new EventRecorder(sink, new EventCorrelator(new FakeTimeProvider(), new EventCorrelatorSettings()), NullLogger<EventRecorder>.Instance);
    }

    private static V1Alpha1StreamSubscription Orders() => new()
    {
        Metadata = new V1ObjectMeta { Name = "orders", NamespaceProperty = "team-a", Uid = "u-1", ResourceVersion = "7" },
    };

    [Fact]
    public async Task Recording_returns_at_once_and_the_event_is_written_in_the_background()
    {
        recorder.Warning(Orders(), "StreamPolicyDenied", "AccessDenied on dynamodb:PutResourcePolicy");
        Assert.Empty(sink.Created);

        await recorder.FlushAsync(CancellationToken.None);

        var written = Assert.Single(sink.Created);
        Assert.Equal("Warning", written.Type);
        Assert.Equal("StreamSubscription", written.InvolvedObject.Kind);
        Assert.Equal("streams.crossaccount.io/v1alpha1", written.InvolvedObject.ApiVersion);
        Assert.Equal("u-1", written.InvolvedObject.Uid);
    }

    [Fact]
    public async Task A_repeated_event_increments_the_count_instead_of_creating_another()
    {
        recorder.Normal(Orders(), "MappingCreated", "Created mapping");
        recorder.Normal(Orders(), "MappingCreated", "Created mapping");
        await recorder.FlushAsync(CancellationToken.None);

        Assert.Single(sink.Created);
        Assert.Equal([2], sink.Increments.Select(i => i.Count));
    }

    [Fact]
    public async Task When_the_aggregated_Event_is_gone_a_new_one_is_created()
    {
        sink.IncrementFindsEvent = false;
        recorder.Normal(Orders(), "MappingCreated", "Created mapping");
        recorder.Normal(Orders(), "MappingCreated", "Created mapping");
        await recorder.FlushAsync(CancellationToken.None);

        Assert.Equal(2, sink.Created.Count);
        Assert.Equal(2, sink.Created[1].Count);
    }

    [Fact]
    public async Task A_failing_API_call_drops_the_event_without_throwing()
    {
        sink.Fail = true;
        recorder.Normal(Orders(), "MappingCreated", "Created mapping");

        await recorder.FlushAsync(CancellationToken.None);

        Assert.Empty(sink.Created);
    }

    private sealed class FakeSink : IEventSink
    {
        public List<Corev1Event> Created { get; } = [];

        public List<(string Name, int Count)> Increments { get; } = [];

        public bool IncrementFindsEvent { get; set; } = true;

        public bool Fail { get; set; }

        public Task CreateAsync(Corev1Event kubeEvent, CancellationToken cancellationToken)
        {
            if (Fail)
            {
                throw new HttpRequestException("connection refused");
            }

            Created.Add(kubeEvent);
            return Task.CompletedTask;
        }

        public Task<bool> IncrementAsync(string ns, string name, int count, DateTime lastTimestamp, CancellationToken cancellationToken)
        {
            Increments.Add((name, count));
            return Task.FromResult(IncrementFindsEvent);
        }
    }
}
