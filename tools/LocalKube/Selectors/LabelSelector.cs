using System.Text.Json.Nodes;
using LocalKube.Api;

namespace LocalKube.Selectors;

/// <summary>A parsed <c>labelSelector</c>: <c>a=b</c>, <c>a==b</c>, <c>a!=b</c>, <c>a in (x,y)</c>, <c>a notin (x,y)</c>, <c>a</c>, <c>!a</c>.</summary>
public sealed class LabelSelector
{
    private readonly IReadOnlyList<Requirement> _requirements;

    private LabelSelector(IReadOnlyList<Requirement> requirements) => _requirements = requirements;

    public static LabelSelector Everything { get; } = new([]);

    public static LabelSelector Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Everything;
        }

        var requirements = new List<Requirement>();
        foreach (var part in SplitTopLevel(text))
        {
            requirements.Add(ParseRequirement(part.Trim(), text));
        }

        return new LabelSelector(requirements);
    }

    public bool Matches(JsonObject obj)
    {
        var labels = obj["metadata"]?["labels"] as JsonObject;
        return _requirements.All(r => r.Matches(labels?[r.Key]?.GetValue<string>()));
    }

    private static List<string> SplitTopLevel(string text)
    {
        var parts = new List<string>();
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '(':
                    depth++;
                    break;
                case ')':
                    depth--;
                    break;
                case ',' when depth == 0:
                    parts.Add(text[start..i]);
                    start = i + 1;
                    break;
                default:
                    break;
            }
        }

        parts.Add(text[start..]);
        return parts;
    }

    private static Requirement ParseRequirement(string part, string text)
    {
        if (part.Length == 0)
        {
            throw ApiException.BadRequest($"unable to parse requirement: found '', expected: identifier in \"{text}\"");
        }

        if (part.StartsWith('!'))
        {
            return new Requirement(CheckKey(part[1..].Trim(), text), Operator.DoesNotExist, []);
        }

        foreach (var (token, op) in new[] { ("!=", Operator.NotEquals), ("==", Operator.Equals), ("=", Operator.Equals) })
        {
            var at = part.IndexOf(token, StringComparison.Ordinal);
            if (at > 0)
            {
                return new Requirement(CheckKey(part[..at].Trim(), text), op, [part[(at + token.Length)..].Trim()]);
            }
        }

        var words = part.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (words.Length == 1)
        {
            return new Requirement(CheckKey(words[0], text), Operator.Exists, []);
        }

        var rest = words[1];
        var set = rest.IndexOf('(', StringComparison.Ordinal);
        var keyword = set < 0 ? rest : rest[..set].Trim();
        if (set < 0 || !rest.EndsWith(')') || keyword is not ("in" or "notin"))
        {
            throw ApiException.BadRequest($"unable to parse requirement: found '{rest}', expected: in, notin, =, ==, !=, gt, lt in \"{text}\"");
        }

        var values = rest[(set + 1)..^1].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return new Requirement(CheckKey(words[0], text), keyword == "in" ? Operator.In : Operator.NotIn, values);
    }

    private static string CheckKey(string key, string text) =>
        key.Length == 0 || key.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/'))
            ? throw ApiException.BadRequest($"unable to parse requirement: invalid label key \"{key}\" in \"{text}\"")
            : key;

    private enum Operator
    {
        Equals,
        NotEquals,
        In,
        NotIn,
        Exists,
        DoesNotExist,
    }

    private sealed record Requirement(string Key, Operator Op, IReadOnlyList<string> Values)
    {
        public bool Matches(string? value) => Op switch
        {
            Operator.Equals or Operator.In => value is not null && Values.Contains(value),
            Operator.NotEquals or Operator.NotIn => value is null || !Values.Contains(value),
            Operator.Exists => value is not null,
            _ => value is null,
        };
    }
}
