using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace LocalKube.Cel;

/// <summary>One signature of a library function and its implementation.</summary>
public sealed record CelOverload(string Function, CelType? Receiver, IReadOnlyList<CelType> Parameters, CelType Result, Func<object[], object> Invoke);

/// <summary>
/// The functions rules may call: CEL's standard <c>size</c>, conversions, <c>startsWith</c>/<c>endsWith</c>/
/// <c>contains</c>/<c>matches</c>, plus the Kubernetes string extension (<c>split</c>, <c>lowerAscii</c>,
/// <c>upperAscii</c>, <c>trim</c>, <c>replace</c>, <c>substring</c>, <c>indexOf</c>, <c>lastIndexOf</c>,
/// <c>charAt</c>, <c>join</c>) and <c>isURL</c>. Anything else is a compile error naming the function.
/// </summary>
public static class CelLibrary
{
    private static readonly CelType AnyList = new CelListType(CelType.Dyn);
    private static readonly CelType AnyMap = new CelMapType(CelType.Dyn, CelType.Dyn);
    private static readonly CelType StringList = new CelListType(CelType.String);

    public static IReadOnlyList<CelOverload> Overloads { get; } =
    [
        Global("size", [CelType.String], CelType.Int, a => (long)StringSize((string)a[0])),
        Global("size", [AnyList], CelType.Int, a => (long)((CelList)a[0]).Items.Count),
        Global("size", [AnyMap], CelType.Int, a => (long)((CelMap)a[0]).Count),
        Member("size", CelType.String, [], CelType.Int, a => (long)StringSize((string)a[0])),
        Member("size", AnyList, [], CelType.Int, a => (long)((CelList)a[0]).Items.Count),
        Member("size", AnyMap, [], CelType.Int, a => (long)((CelMap)a[0]).Count),
        Global("int", [CelType.Int], CelType.Int, a => a[0]),
        Global("int", [CelType.Double], CelType.Int, a => DoubleToInt((double)a[0])),
        Global("int", [CelType.String], CelType.Int, a => long.TryParse((string)a[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i) ? i : throw new CelEvaluationException($"cannot convert \"{a[0]}\" to int")),
        Global("int", [CelType.Timestamp], CelType.Int, a => ((DateTimeOffset)a[0]).ToUnixTimeSeconds()),
        Global("double", [CelType.Double], CelType.Double, a => a[0]),
        Global("double", [CelType.Int], CelType.Double, a => (double)(long)a[0]),
        Global("double", [CelType.String], CelType.Double, a => double.TryParse((string)a[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : throw new CelEvaluationException($"cannot convert \"{a[0]}\" to double")),
        Global("string", [CelType.String], CelType.String, a => a[0]),
        Global("string", [CelType.Int], CelType.String, a => ((long)a[0]).ToString(CultureInfo.InvariantCulture)),
        Global("string", [CelType.Double], CelType.String, a => FormatDouble((double)a[0])),
        Global("string", [CelType.Bool], CelType.String, a => (bool)a[0] ? "true" : "false"),
        Global("string", [CelType.Timestamp], CelType.String, a => ((DateTimeOffset)a[0]).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture)),
        Global("bool", [CelType.Bool], CelType.Bool, a => a[0]),
        Global("bool", [CelType.String], CelType.Bool, a => ParseBool((string)a[0])),
        Global("timestamp", [CelType.String], CelType.Timestamp, a => DateTimeOffset.TryParse((string)a[0], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : throw new CelEvaluationException($"timestamp(\"{a[0]}\") is not a valid RFC 3339 time")),
        Global("dyn", [CelType.Dyn], CelType.Dyn, a => a[0]),
        Global("matches", [CelType.String, CelType.String], CelType.Bool, a => Matches((string)a[0], (string)a[1])),
        Global("isURL", [CelType.String], CelType.Bool, a => IsUrl((string)a[0])),
        Member("matches", CelType.String, [CelType.String], CelType.Bool, a => Matches((string)a[0], (string)a[1])),
        Member("startsWith", CelType.String, [CelType.String], CelType.Bool, a => ((string)a[0]).StartsWith((string)a[1], StringComparison.Ordinal)),
        Member("endsWith", CelType.String, [CelType.String], CelType.Bool, a => ((string)a[0]).EndsWith((string)a[1], StringComparison.Ordinal)),
        Member("contains", CelType.String, [CelType.String], CelType.Bool, a => ((string)a[0]).Contains((string)a[1], StringComparison.Ordinal)),
        Member("split", CelType.String, [CelType.String], StringList, a => Split((string)a[0], (string)a[1], -1)),
        Member("split", CelType.String, [CelType.String, CelType.Int], StringList, a => Split((string)a[0], (string)a[1], (long)a[2])),
        Member("lowerAscii", CelType.String, [], CelType.String, a => MapAscii((string)a[0], char.ToLowerInvariant)),
        Member("upperAscii", CelType.String, [], CelType.String, a => MapAscii((string)a[0], char.ToUpperInvariant)),
        Member("trim", CelType.String, [], CelType.String, a => ((string)a[0]).Trim()),
        Member("replace", CelType.String, [CelType.String, CelType.String], CelType.String, a => Replace((string)a[0], (string)a[1], (string)a[2], -1)),
        Member("replace", CelType.String, [CelType.String, CelType.String, CelType.Int], CelType.String, a => Replace((string)a[0], (string)a[1], (string)a[2], (long)a[3])),
        Member("substring", CelType.String, [CelType.Int], CelType.String, a => Substring((string)a[0], (long)a[1], null)),
        Member("substring", CelType.String, [CelType.Int, CelType.Int], CelType.String, a => Substring((string)a[0], (long)a[1], (long)a[2])),
        Member("indexOf", CelType.String, [CelType.String], CelType.Int, a => IndexOf((string)a[0], (string)a[1], 0, last: false)),
        Member("indexOf", CelType.String, [CelType.String, CelType.Int], CelType.Int, a => IndexOf((string)a[0], (string)a[1], (long)a[2], last: false)),
        Member("lastIndexOf", CelType.String, [CelType.String], CelType.Int, a => IndexOf((string)a[0], (string)a[1], -1, last: true)),
        Member("lastIndexOf", CelType.String, [CelType.String, CelType.Int], CelType.Int, a => IndexOf((string)a[0], (string)a[1], (long)a[2], last: true)),
        Member("charAt", CelType.String, [CelType.Int], CelType.String, a => Substring((string)a[0], (long)a[1], Math.Min((long)a[1] + 1, StringSize((string)a[0])))),
        Member("join", StringList, [], CelType.String, a => string.Concat(((CelList)a[0]).Items.Select(i => (string)i))),
        Member("join", StringList, [CelType.String], CelType.String, a => string.Join((string)a[1], ((CelList)a[0]).Items.Select(i => (string)i))),
    ];

    public static bool IsKnown(string function) => Overloads.Any(o => o.Function == function);

    private static CelOverload Global(string name, CelType[] parameters, CelType result, Func<object[], object> invoke) =>
        new(name, null, parameters, result, invoke);

    private static CelOverload Member(string name, CelType receiver, CelType[] parameters, CelType result, Func<object[], object> invoke) =>
        new(name, receiver, parameters, result, invoke);

    /// <summary>Whether a runtime value fits a declared parameter type.</summary>
    public static bool Fits(object value, CelType type) => type switch
    {
        _ when type.IsDyn => true,
        CelListType => value is CelList,
        CelMapType => value is CelMap,
        _ when type == CelType.Int => value is long,
        _ when type == CelType.Double => value is double,
        _ when type == CelType.String => value is string,
        _ when type == CelType.Bool => value is bool,
        _ when type == CelType.Timestamp => value is DateTimeOffset,
        _ => false,
    };

    private static int StringSize(string text) => text.EnumerateRunes().Count();

    private static long DoubleToInt(double value) =>
        double.IsFinite(value) && value >= long.MinValue && value < 9.2233720368547758E18 ? (long)Math.Truncate(value) : throw new CelEvaluationException("integer overflow");

    private static string FormatDouble(double value) =>
        value.ToString("R", CultureInfo.InvariantCulture).Replace("E", "e", StringComparison.Ordinal);

    private static bool ParseBool(string text) => text switch
    {
        "1" or "t" or "true" or "TRUE" or "True" => true,
        "0" or "f" or "false" or "FALSE" or "False" => false,
        _ => throw new CelEvaluationException($"type conversion error from 'string' to 'bool'"),
    };

    /// <summary>RE2-style search (not anchored) with a time limit; .NET syntax covers the RE2 patterns rules use.</summary>
    public static bool Matches(string text, string pattern)
    {
        try
        {
            return Regex.IsMatch(text, pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException e)
        {
            throw new CelEvaluationException($"invalid regular expression '{pattern}': {e.Message}");
        }
    }

    /// <summary>Kubernetes' <c>isURL</c>: what Go's <c>url.ParseRequestURI</c> accepts, an absolute URL or an absolute path.</summary>
    private static bool IsUrl(string text) =>
        text.Length > 0 && !text.Any(char.IsWhiteSpace)
        && (text.StartsWith('/') || (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme.Length > 0 && text.Contains(':', StringComparison.Ordinal)));

    private static CelList Split(string text, string separator, long limit)
    {
        if (limit == 0)
        {
            return new CelList([]);
        }

        if (separator.Length == 0)
        {
            var runes = text.EnumerateRunes().Select(r => (object)r.ToString()).ToList();
            if (limit > 0 && runes.Count > limit)
            {
                var head = runes.Take((int)limit - 1).ToList();
                head.Add(string.Concat(runes.Skip((int)limit - 1)));
                return new CelList(head);
            }

            return new CelList(runes);
        }

        var parts = limit < 0 ? text.Split(separator) : text.Split(separator, (int)Math.Min(limit, int.MaxValue));
        return new CelList([.. parts]);
    }

    private static string MapAscii(string text, Func<char, char> map)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            builder.Append(char.IsAscii(c) ? map(c) : c);
        }

        return builder.ToString();
    }

    private static string Replace(string text, string old, string replacement, long count)
    {
        if (count < 0)
        {
            return old.Length == 0 ? string.Join(replacement, ["", .. text.EnumerateRunes().Select(r => r.ToString()), ""]) : text.Replace(old, replacement, StringComparison.Ordinal);
        }

        var builder = new StringBuilder();
        var start = 0;
        for (var n = 0; n < count && old.Length > 0; n++)
        {
            var found = text.IndexOf(old, start, StringComparison.Ordinal);
            if (found < 0)
            {
                break;
            }

            builder.Append(text, start, found - start).Append(replacement);
            start = found + old.Length;
        }

        return builder.Append(text, start, text.Length - start).ToString();
    }

    private static string Substring(string text, long start, long? end)
    {
        var runes = text.EnumerateRunes().ToArray();
        var stop = end ?? runes.Length;
        if (start < 0 || start > runes.Length)
        {
            throw new CelEvaluationException($"index out of range: {start}");
        }

        if (stop < start || stop > runes.Length)
        {
            throw new CelEvaluationException($"index out of range: {stop}");
        }

        return string.Concat(runes[(int)start..(int)stop].Select(r => r.ToString()));
    }

    private static long IndexOf(string text, string find, long from, bool last)
    {
        var runes = text.EnumerateRunes().Select(r => r.ToString()).ToArray();
        var needle = find.EnumerateRunes().Select(r => r.ToString()).ToArray();
        if (from >= runes.Length + (last ? 0 : 1) || from < (last ? -1 : 0))
        {
            throw new CelEvaluationException($"index out of range: {from}");
        }

        bool At(long i) => i + needle.Length <= runes.Length && needle.Select((r, k) => runes[i + k] == r).All(x => x);
        if (last)
        {
            for (var i = from < 0 ? runes.Length - needle.Length : Math.Min(from, runes.Length - needle.Length); i >= 0; i--)
            {
                if (At(i))
                {
                    return i;
                }
            }

            return -1;
        }

        for (var i = from; i <= runes.Length - needle.Length; i++)
        {
            if (At(i))
            {
                return i;
            }
        }

        return -1;
    }
}
