namespace LocalKube.Cel;

/// <summary>A rule that does not parse or type-check; the message is formatted as cel-go formats compile errors.</summary>
public sealed class CelCompileException(string message) : Exception(message)
{
    public static CelCompileException At(string source, int position, string message)
    {
        var lineStart = source.LastIndexOf('\n', Math.Max(0, Math.Min(position, source.Length) - 1)) + 1;
        var line = source[..Math.Min(position, source.Length)].Count(c => c == '\n') + 1;
        var column = position - lineStart;
        var lineEnd = source.IndexOf('\n', lineStart);
        var text = lineEnd < 0 ? source[lineStart..] : source[lineStart..lineEnd];
        return new CelCompileException($"ERROR: <input>:{line}:{column + 1}: {message}\n | {text}\n | {new string('.', column)}^");
    }
}

/// <summary>An error while evaluating a rule (missing key, index out of range, overflow, no matching overload).</summary>
public sealed class CelEvaluationException(string message) : Exception(message)
{
    public static CelEvaluationException NoSuchOverload(string function) => new($"no such overload: {function}");
}
