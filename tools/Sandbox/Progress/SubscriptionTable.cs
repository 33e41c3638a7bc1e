using System.Text;

namespace CrossAccountStreams.Sandbox.Progress;

/// <summary>StreamSubscriptions as <c>kubectl get ssub -A</c> shows them.</summary>
public static class SubscriptionTable
{
    private static readonly string[] Headers = ["NAMESPACE", "NAME", "READY", "SOURCE", "FUNCTION", "MAPPING", "AGE"];

    /// <summary>The rows without the age, to tell whether anything worth showing again has changed.</summary>
    public static string Fingerprint(IEnumerable<ObjectSnapshot> subscriptions) =>
        string.Join('\n', Rows(subscriptions, now: null).Select(row => string.Join('|', row)));

    public static string Render(IEnumerable<ObjectSnapshot> subscriptions, DateTimeOffset now)
    {
        var rows = new List<string[]> { Headers };
        rows.AddRange(Rows(subscriptions, now));
        var widths = Enumerable.Range(0, Headers.Length).Select(column => rows.Max(row => row[column].Length)).ToArray();
        var text = new StringBuilder();
        foreach (var row in rows)
        {
            var line = string.Join("   ", row.Select((cell, column) => column == row.Length - 1 ? cell : cell.PadRight(widths[column])));
            text.Append(line.TrimEnd()).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>Ages as kubectl prints them: 45s, 3m12s, 12m, 4h5m, 20h, 3d4h, 30d.</summary>
    public static string FormatAge(TimeSpan age)
    {
        if (age < TimeSpan.Zero)
        {
            age = TimeSpan.Zero;
        }

        return age.TotalSeconds switch
        {
            < 120 => $"{(int)age.TotalSeconds}s",
            < 600 => age.Seconds == 0 ? $"{(int)age.TotalMinutes}m" : $"{(int)age.TotalMinutes}m{age.Seconds}s",
            < 3 * 3600 => $"{(int)age.TotalMinutes}m",
            < 8 * 3600 => age.Minutes == 0 ? $"{(int)age.TotalHours}h" : $"{(int)age.TotalHours}h{age.Minutes}m",
            < 48 * 3600 => $"{(int)age.TotalHours}h",
            < 8 * 86400 => age.Hours == 0 ? $"{(int)age.TotalDays}d" : $"{(int)age.TotalDays}d{age.Hours}h",
            _ => $"{(int)age.TotalDays}d",
        };
    }

    private static IEnumerable<string[]> Rows(IEnumerable<ObjectSnapshot> subscriptions, DateTimeOffset? now) =>
        subscriptions
            .OrderBy(s => s.Namespace, StringComparer.Ordinal)
            .ThenBy(s => s.Name, StringComparer.Ordinal)
            .Select(s => new[]
            {
                s.Namespace ?? "",
                s.Name,
                s.Condition("Ready")?.Status ?? "",
                s.Source ?? "",
                s.Function ?? "",
                s.MappingState ?? "",
                now is { } at && s.Created is { } created ? FormatAge(at - created) : "",
            });
}

