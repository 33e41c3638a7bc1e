using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using LocalKube.Json;

namespace LocalKube.Tables;

/// <summary>
/// The subset of client-go JSONPath that printer columns use: <c>.a.b</c>, <c>['a']</c>, <c>[n]</c>, <c>[*]</c>,
/// <c>.*</c> and filters such as <c>[?(@.type=="Ready")]</c>. Missing keys yield no result rather than an error.
/// </summary>
public sealed class JsonPathExpression
{
    private readonly IReadOnlyList<Step> _steps;

    private JsonPathExpression(IReadOnlyList<Step> steps) => _steps = steps;

    public static JsonPathExpression Parse(string text)
    {
        var expression = text.Trim();
        if (expression.StartsWith('{') && expression.EndsWith('}'))
        {
            expression = expression[1..^1].Trim();
        }

        if (expression.StartsWith('$'))
        {
            expression = expression[1..];
        }

        var steps = new List<Step>();
        var i = 0;
        while (i < expression.Length)
        {
            var c = expression[i];
            if (c == '.')
            {
                i++;
                var start = i;
                while (i < expression.Length && expression[i] != '.' && expression[i] != '[')
                {
                    i++;
                }

                var name = expression[start..i];
                if (name.Length > 0)
                {
                    steps.Add(name == "*" ? new Step(StepKind.Wildcard) : new Step(StepKind.Member) { Name = name });
                }
            }
            else if (c == '[')
            {
                var end = FindClosingBracket(expression, i);
                var inner = expression[(i + 1)..end].Trim();
                steps.Add(ParseBracket(inner, text));
                i = end + 1;
            }
            else
            {
                throw new FormatException($"unexpected '{c}' at {i} in JSONPath {text}");
            }
        }

        return new JsonPathExpression(steps);
    }

    public IReadOnlyList<JsonNode?> Evaluate(JsonNode? root)
    {
        IReadOnlyList<JsonNode?> current = [root];
        foreach (var step in _steps)
        {
            var next = new List<JsonNode?>();
            foreach (var node in current)
            {
                step.Apply(node, next);
            }

            current = next;
        }

        return current;
    }

    /// <summary>Prints one value as client-go's JSONPath printer does: strings bare, everything else as JSON.</summary>
    public static string Print(JsonNode? value) => value switch
    {
        null => "<nil>",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        _ => value.ToJsonString(),
    };

    private static int FindClosingBracket(string text, int open)
    {
        var quote = '\0';
        for (var i = open + 1; i < text.Length; i++)
        {
            var c = text[i];
            if (quote != '\0')
            {
                if (c == quote)
                {
                    quote = '\0';
                }
            }
            else if (c is '"' or '\'')
            {
                quote = c;
            }
            else if (c == ']')
            {
                return i;
            }
        }

        throw new FormatException($"unclosed '[' in JSONPath {text}");
    }

    private static Step ParseBracket(string inner, string text)
    {
        if (inner == "*")
        {
            return new Step(StepKind.Wildcard);
        }

        if (inner.StartsWith("?(", StringComparison.Ordinal) && inner.EndsWith(')'))
        {
            return ParseFilter(inner[2..^1].Trim(), text);
        }

        if (inner.Length >= 2 && (inner[0] is '\'' or '"') && inner[^1] == inner[0])
        {
            return new Step(StepKind.Member) { Name = inner[1..^1] };
        }

        if (int.TryParse(inner, NumberStyles.Integer, CultureInfo.InvariantCulture, out var index))
        {
            return new Step(StepKind.Index) { Index = index };
        }

        throw new FormatException($"unsupported subscript [{inner}] in JSONPath {text}");
    }

    private static Step ParseFilter(string filter, string text)
    {
        string[] operators = ["==", "!=", "<=", ">=", "<", ">"];
        foreach (var op in operators)
        {
            var at = IndexOutsideQuotes(filter, op);
            if (at < 0)
            {
                continue;
            }

            var left = filter[..at].Trim();
            var right = filter[(at + op.Length)..].Trim();
            return new Step(StepKind.Filter)
            {
                FilterPath = ParseRelative(left, text),
                Operator = op,
                Literal = ParseLiteral(right),
            };
        }

        return new Step(StepKind.Filter) { FilterPath = ParseRelative(filter, text) };
    }

    private static int IndexOutsideQuotes(string text, string token)
    {
        var quote = '\0';
        for (var i = 0; i + token.Length <= text.Length; i++)
        {
            var c = text[i];
            if (quote != '\0')
            {
                if (c == quote)
                {
                    quote = '\0';
                }
            }
            else if (c is '"' or '\'')
            {
                quote = c;
            }
            else if (string.CompareOrdinal(text, i, token, 0, token.Length) == 0)
            {
                return i;
            }
        }

        return -1;
    }

    private static JsonPathExpression ParseRelative(string operand, string text) =>
        operand.StartsWith('@') ? Parse(operand[1..]) : throw new FormatException($"filter operand must start with @ in JSONPath {text}");

    private static JsonNode? ParseLiteral(string literal)
    {
        if (literal.Length >= 2 && (literal[0] is '\'' or '"') && literal[^1] == literal[0])
        {
            return JsonValue.Create(literal[1..^1]);
        }

        return JsonNode.Parse(literal);
    }

    private enum StepKind
    {
        Member,
        Index,
        Wildcard,
        Filter,
    }

    private sealed class Step(StepKind kind)
    {
        public string Name { get; init; } = "";

        public int Index { get; init; }

        public JsonPathExpression? FilterPath { get; init; }

        public string? Operator { get; init; }

        public JsonNode? Literal { get; init; }

        public void Apply(JsonNode? node, List<JsonNode?> output)
        {
            switch (kind)
            {
                case StepKind.Member when node is JsonObject o && o.TryGetPropertyValue(Name, out var child):
                    output.Add(child);
                    break;
                case StepKind.Index when node is JsonArray a:
                    var i = Index < 0 ? a.Count + Index : Index;
                    if (i >= 0 && i < a.Count)
                    {
                        output.Add(a[i]);
                    }

                    break;
                case StepKind.Wildcard when node is JsonArray a:
                    output.AddRange(a);
                    break;
                case StepKind.Wildcard when node is JsonObject o:
                    output.AddRange(o.Select(p => p.Value));
                    break;
                case StepKind.Filter when node is JsonArray a:
                    output.AddRange(a.Where(Matches));
                    break;
                default:
                    break;
            }
        }

        private bool Matches(JsonNode? element)
        {
            var found = FilterPath!.Evaluate(element);
            if (Operator is null)
            {
                return found.Count > 0 && found[0] is not null;
            }

            if (found.Count == 0)
            {
                return false;
            }

            var value = found[0];
            return Operator switch
            {
                "==" => JsonNode.DeepEquals(value, Literal),
                "!=" => !JsonNode.DeepEquals(value, Literal),
                _ => Compare(value, Literal) is { } c && Operator switch
                {
                    "<" => c < 0,
                    "<=" => c <= 0,
                    ">" => c > 0,
                    _ => c >= 0,
                },
            };
        }

        private static int? Compare(JsonNode? left, JsonNode? right)
        {
            if (left is JsonValue l && right is JsonValue r
                && l.GetValueKind() == JsonValueKind.Number && r.GetValueKind() == JsonValueKind.Number)
            {
                return JsonNumber.Read(l).CompareTo(JsonNumber.Read(r));
            }

            return null;
        }
    }
}
