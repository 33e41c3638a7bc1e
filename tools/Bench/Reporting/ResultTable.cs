using System.Globalization;
using System.Text;
using CrossAccountStreams.Bench.Run;

namespace CrossAccountStreams.Bench.Reporting;

/// <summary>The Markdown report: one column per subscription count, then the AWS calls and API requests by operation.</summary>
public static class ResultTable
{
    public static string Render(IReadOnlyList<BenchResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"| | {string.Join(" | ", results.Select(r => $"N = {r.Subscriptions:N0}"))} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"|---|{string.Concat(results.Select(_ => "---|"))}");
        Row("Subscriptions Ready", r => $"{r.ReadyCount:N0} of {r.Subscriptions:N0}");
        Row("Time to create all objects (bench)", r => BenchRun.Format(r.ApplyDuration));
        Row("Time until all Ready (from first apply)", r => BenchRun.Format(r.TimeToAllReady));
        Row("Rate-limit floor (binding: writes / rate)", r => r.Floor is { } f ? $"{BenchRun.Format(f.Time)} ({f.Writes:N0} {f.Family} writes / {f.RequestsPerSecond:0} rps)" : "-");
        Row("Ratio to floor", r => r.FloorRatio is { } ratio ? $"{ratio:0.00}x" : "-");
        Row("Apply to Ready p50 / p99", r => $"{BenchRun.Format(r.ReadyP50)} / {BenchRun.Format(r.ReadyP99)}");
        Row("AWS calls per subscription, create: answered + throttled + other errors", r => r.CreateCalls is { } c
            ? $"{PerSubscription(c.Succeeded.Values.Sum(), r)} + {PerSubscription(c.Throttled.Values.Sum(), r)} + {PerSubscription(c.Failed.Values.Sum(), r)}"
            : "-");
        Row("AWS writes per subscription, create", r => r.CreateCalls is { } c ? PerSubscription(c.Writes, r) : "-");
        Row("AWS calls per subscription, one resync", r => r.SteadyCalls is { } c ? PerSubscription(c.Total, r) : "-");
        Row("AWS writes in a steady-state resync", r => r.SteadyCalls is { } c ? c.Writes.ToString("N0", CultureInfo.InvariantCulture) : "-");
        Row("Resync pass duration (resync period)", r => $"{BenchRun.Format(r.SteadyWindow)} ({BenchRun.Format(r.Resync)})");
        Row("API server requests, create (per subscription)", r => r.CreateApiRequests is { } a ? $"{a.Values.Sum():N0} ({(double)a.Values.Sum() / r.Subscriptions:0.00})" : "-");
        Row("API server requests, one resync", r => r.SteadyApiRequests is { } a ? a.Values.Sum().ToString("N0", CultureInfo.InvariantCulture) : "-");
        Row("Operator peak RSS (VmHWM)", r => r.PeakRssKiB is { } k ? $"{k / 1024.0:0} MiB" : "-");
        Row("Operator RSS when all Ready", r => r.RssAtReadyKiB is { } k ? $"{k / 1024.0:0} MiB" : "-");
        Row("Operator CPU, create phase / whole run", r => $"{BenchRun.Format(r.CpuCreate)} / {BenchRun.Format(r.CpuTotal)}");
        Row("Start to /readyz", r => BenchRun.Format(r.StartToReadyz));
        Row("Start to first reconcile (first AWS call)", r => BenchRun.Format(r.StartToFirstAwsCall));
        Row("Start to first status write", r => BenchRun.Format(r.StartToFirstStatusWrite));
        Row("Operator concurrency", r => r.Concurrency.ToString(CultureInfo.InvariantCulture));

        foreach (var result in results)
        {
            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture, $"N = {result.Subscriptions:N0}: {result.WorldDescription}");
            text.AppendLine();
            text.AppendLine("| Phase | AWS operation | answered | throttled | other errors | calls per subscription |");
            text.AppendLine("|---|---|---|---|---|---|");
            foreach (var (phase, counts) in new[] { ("create", result.CreateCalls), ("resync", result.SteadyCalls) })
            {
                if (counts is null)
                {
                    continue;
                }

                foreach (var operation in counts.Succeeded.Keys.Union(counts.Throttled.Keys).Union(counts.Failed.Keys).Order(StringComparer.Ordinal))
                {
                    var answered = counts.Succeeded.GetValueOrDefault(operation);
                    var throttled = counts.Throttled.GetValueOrDefault(operation);
                    var failed = counts.Failed.GetValueOrDefault(operation);
                    text.AppendLine(CultureInfo.InvariantCulture, $"| {phase} | {operation} | {answered:N0} | {throttled:N0} | {failed:N0} | {PerSubscription(answered + throttled + failed, result)} |");
                }
            }

            text.AppendLine();
            text.AppendLine("| Phase | API server request | count |");
            text.AppendLine("|---|---|---|");
            foreach (var (phase, requests) in new[] { ("create", result.CreateApiRequests), ("resync", result.SteadyApiRequests) })
            {
                foreach (var (request, count) in requests ?? new Dictionary<string, long>())
                {
                    text.AppendLine(CultureInfo.InvariantCulture, $"| {phase} | {request} | {count:N0} |");
                }
            }

            foreach (var problem in result.Problems)
            {
                text.AppendLine();
                text.AppendLine(CultureInfo.InvariantCulture, $"Problem: {problem}");
            }
        }

        return text.ToString();

        void Row(string name, Func<BenchResult, string> cell) =>
            text.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {string.Join(" | ", results.Select(cell))} |");
    }

    private static string PerSubscription(long count, BenchResult result) =>
        ((double)count / result.Subscriptions).ToString("0.00", CultureInfo.InvariantCulture);
}
