using System.Diagnostics.Metrics;
using Prometheus;

namespace CrossAccountStreams.Operator.Hosting;

/// <summary>
/// Exports the operator's System.Diagnostics.Metrics instruments (every meter named CrossAccountStreams.*: the
/// runtime's and the reconcilers', e.g. AWS calls) in Prometheus text format, through prometheus-net's meter
/// adapter and a registry of this host's own, so two hosts in one process do not share series.
/// </summary>
public sealed class PrometheusExporter : IDisposable
{
    public const string MeterPrefix = "CrossAccountStreams.";

    /// <summary>Seconds: reconciles and AWS calls take milliseconds to a minute.</summary>
    private static readonly double[] DurationBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

    private readonly IDisposable listener;

    public PrometheusExporter(IMeterFactory meterFactory)
    {
        Registry = Metrics.NewCustomRegistry();
        listener = MeterAdapter.StartListening(new MeterAdapterOptions
        {
            Registry = Registry,
            MetricFactory = Metrics.WithCustomRegistry(Registry),
            // The adapter's longest allowed; a series idle for a day disappears until it moves again.
            MetricsExpireAfter = TimeSpan.FromDays(1),
            ResolveHistogramBuckets = _ => DurationBuckets,
            InstrumentFilterPredicate = instrument =>
                instrument.Meter.Name.StartsWith(MeterPrefix, StringComparison.Ordinal)
                && (instrument.Meter.Scope is null || ReferenceEquals(instrument.Meter.Scope, meterFactory)),
        });
    }

    public CollectorRegistry Registry { get; }

    public Task WriteAsync(Stream destination, CancellationToken cancellationToken) =>
        Registry.CollectAndExportAsTextAsync(destination, cancellationToken);

    public void Dispose() => listener.Dispose();
}
