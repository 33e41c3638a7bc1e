using System.Diagnostics.Metrics;
using CrossAccountStreams.Operator.Aws;
using CrossAccountStreams.Operator.Aws.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace CrossAccountStreams.Operator.Tests.Aws.Telemetry;

public sealed class AwsCallTelemetryTests
{
    [Fact]
    public async Task Every_call_is_counted_on_the_operators_meter_by_service_operation_and_outcome()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var metrics = new AwsCallMetrics(services.GetRequiredService<IMeterFactory>());
        var telemetry = new AwsCallTelemetry(NullLogger<AwsCallTelemetry>.Instance, metrics);
        List<string> measured = [];
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == AwsCallMetrics.MeterName && instrument.Name == AwsCallMetrics.CounterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            measured.Add($"{value} {string.Join(" ", tags.ToArray().Select(t => $"{t.Key}={t.Value}"))}"));
        listener.Start();

        await telemetry.ObserveAsync("lambda", "GetEventSourceMapping", "222222222222", () => Task.FromResult(1));
        await Assert.ThrowsAsync<AwsOperationException>(() => telemetry.ObserveAsync<int>("dynamodb", "PutResourcePolicy", "111111111111",
            () => throw new AwsOperationException("dynamodb", "PutResourcePolicy", AwsErrorKind.AccessDenied, "AccessDeniedException", "no")));

        Assert.Equal(
            ["1 service=lambda operation=GetEventSourceMapping outcome=Success", "1 service=dynamodb operation=PutResourcePolicy outcome=AccessDenied"],
            measured);
    }
}
