using System.Globalization;
using System.Text.RegularExpressions;

namespace CrossAccountStreams.Operator.Hosting;

/// <summary>Durations as people write them in flags and Helm values (<c>90s</c>, <c>10m</c>, <c>1h30m</c>, <c>500ms</c>) or as TimeSpans (<c>00:10:00</c>).</summary>
public static partial class DurationFormat
{
    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var trimmed = text.Trim();
        var match = GoDuration().Match(trimmed);
        if (match.Success)
        {
            var total = TimeSpan.Zero;
            foreach (Capture part in match.Groups["part"].Captures)
            {
                var unitMatch = Part().Match(part.Value);
                var number = double.Parse(unitMatch.Groups["n"].Value, CultureInfo.InvariantCulture);
                total += unitMatch.Groups["u"].Value switch
                {
                    "ms" => TimeSpan.FromMilliseconds(number),
                    "s" => TimeSpan.FromSeconds(number),
                    "m" => TimeSpan.FromMinutes(number),
                    _ => TimeSpan.FromHours(number),
                };
            }

            value = total;
            return true;
        }

        return trimmed.Contains(':', StringComparison.Ordinal)
            && TimeSpan.TryParse(trimmed, CultureInfo.InvariantCulture, out value);
    }

    public static TimeSpan Parse(string? text, string name) =>
        TryParse(text, out var value)
            ? value
            : throw new FormatException($"{name} must be a duration such as 90s, 10m, 1h or 00:10:00 (got '{text}').");

    [GeneratedRegex(@"^(?<part>\d+(\.\d+)?(ms|s|m|h))+$", RegexOptions.CultureInvariant)]
    private static partial Regex GoDuration();

    [GeneratedRegex(@"^(?<n>\d+(\.\d+)?)(?<u>ms|s|m|h)$", RegexOptions.CultureInvariant)]
    private static partial Regex Part();
}
