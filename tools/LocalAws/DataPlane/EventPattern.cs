using System.Text.Json;
using System.Text.Json.Nodes;

namespace LocalAws.DataPlane;

/// <summary>
/// Lambda event filtering (EventBridge pattern syntax) over a stream record: exact values, prefix, suffix,
/// equals-ignore-case, exists, anything-but and numeric comparisons; fields combine with AND, values with OR.
/// </summary>
public sealed class EventPattern
{
    private readonly JsonObject pattern;

    private EventPattern(JsonObject pattern) => this.pattern = pattern;

    /// <summary>Parses a pattern; returns null with a reason when it is not a valid pattern.</summary>
    public static EventPattern? TryParse(string text, out string? problem)
    {
        problem = null;
        try
        {
            if (JsonNode.Parse(text) is not JsonObject obj)
            {
                problem = "a filter pattern must be a JSON object";
                return null;
            }
            problem = Check(obj);
            return problem is null ? new EventPattern(obj) : null;
        }
        catch (JsonException ex)
        {
            problem = ex.Message;
            return null;
        }
    }

    private static string? Check(JsonObject obj)
    {
        foreach (var (key, value) in obj)
        {
            switch (value)
            {
                case JsonObject nested:
                    if (Check(nested) is { } problem)
                    {
                        return problem;
                    }
                    break;
                case JsonArray matchers:
                    foreach (var matcher in matchers)
                    {
                        if (matcher is JsonObject rule && rule.Count == 1 && rule.First().Key is not ("prefix" or "suffix" or "exists" or "anything-but" or "numeric" or "equals-ignore-case"))
                        {
                            return $"unrecognized match type {rule.First().Key} for field {key}";
                        }
                    }
                    break;
                default:
                    return $"the value of field {key} must be an object or an array of matchers";
            }
        }
        return null;
    }

    public bool Matches(JsonNode? record) => MatchObject(pattern, record);

    private static bool MatchObject(JsonObject pattern, JsonNode? node)
    {
        foreach (var (key, expected) in pattern)
        {
            var actual = (node as JsonObject)?[key];
            var ok = expected switch
            {
                JsonObject nested => MatchObject(nested, actual),
                JsonArray matchers => MatchLeaf(matchers, actual),
                _ => false,
            };
            if (!ok)
            {
                return false;
            }
        }
        return true;
    }

    private static bool MatchLeaf(JsonArray matchers, JsonNode? actual)
    {
        var values = actual is JsonArray array ? array.ToList() : actual is null ? [] : [actual];
        foreach (var matcher in matchers)
        {
            if (matcher is JsonObject rule && rule.Count == 1 && rule.First() is var (kind, argument))
            {
                if (kind == "exists")
                {
                    var wantExists = argument?.GetValue<bool>() ?? true;
                    if (wantExists == (actual is not null))
                    {
                        return true;
                    }
                    continue;
                }
                if (values.Any(v => MatchRule(kind, argument, v)))
                {
                    return true;
                }
            }
            else if (values.Any(v => JsonNode.DeepEquals(v, matcher)))
            {
                return true;
            }
        }
        return false;
    }

    private static bool MatchRule(string kind, JsonNode? argument, JsonNode? value)
    {
        var text = value is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        switch (kind)
        {
            case "prefix":
                return text is not null && argument is JsonValue p && p.TryGetValue<string>(out var prefix) && text.StartsWith(prefix, StringComparison.Ordinal);
            case "suffix":
                return text is not null && argument is JsonValue x && x.TryGetValue<string>(out var suffix) && text.EndsWith(suffix, StringComparison.Ordinal);
            case "equals-ignore-case":
                return text is not null && argument is JsonValue e && e.TryGetValue<string>(out var other) && string.Equals(text, other, StringComparison.OrdinalIgnoreCase);
            case "anything-but":
                return argument switch
                {
                    JsonArray excluded => !excluded.Any(ex => JsonNode.DeepEquals(ex, value)),
                    JsonObject nested when nested["prefix"] is JsonValue np && np.TryGetValue<string>(out var notPrefix) =>
                        text is not null && !text.StartsWith(notPrefix, StringComparison.Ordinal),
                    _ => !JsonNode.DeepEquals(argument, value),
                };
            case "numeric":
                return argument is JsonArray comparisons && Number(value) is { } number && NumericHolds(comparisons, number);
            default:
                return false;
        }
    }

    private static double? Number(JsonNode? value) => value switch
    {
        JsonValue v when v.TryGetValue<double>(out var d) => d,
        JsonValue v when v.TryGetValue<string>(out var s) && double.TryParse(s, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => null,
    };

    private static bool NumericHolds(JsonArray comparisons, double number)
    {
        for (var i = 0; i + 1 < comparisons.Count; i += 2)
        {
            var op = comparisons[i]?.GetValue<string>();
            var bound = Number(comparisons[i + 1]);
            if (bound is null)
            {
                return false;
            }
            var holds = op switch
            {
                "=" => number == bound,
                "<" => number < bound,
                "<=" => number <= bound,
                ">" => number > bound,
                ">=" => number >= bound,
                _ => false,
            };
            if (!holds)
            {
                return false;
            }
        }
        return true;
    }
}
