using System.Globalization;
using System.Text;

namespace LocalKube.Cel;

public enum CelTokenKind
{
    Int,
    Double,
    String,
    Identifier,
    Punctuation,
    End,
}

public readonly record struct CelToken(CelTokenKind Kind, string Text, object? Value, int Position);

/// <summary>Splits CEL source into tokens: numbers, quoted and raw strings, identifiers and operators.</summary>
public static class CelLexer
{
    private static readonly string[] Operators = ["==", "!=", "<=", ">=", "&&", "||", "<", ">", "!", "+", "-", "*", "/", "%", "?", ":", ".", ",", "(", ")", "[", "]", "{", "}"];

    public static IReadOnlyList<CelToken> Tokenize(string source)
    {
        var tokens = new List<CelToken>();
        var i = 0;
        while (i < source.Length)
        {
            var c = source[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }

            if (c == '/' && i + 1 < source.Length && source[i + 1] == '/')
            {
                while (i < source.Length && source[i] != '\n')
                {
                    i++;
                }

                continue;
            }

            var start = i;
            if (char.IsAsciiDigit(c) || (c == '.' && i + 1 < source.Length && char.IsAsciiDigit(source[i + 1])))
            {
                tokens.Add(Number(source, ref i));
            }
            else if (IsStringStart(source, i))
            {
                tokens.Add(QuotedString(source, ref i));
            }
            else if (char.IsAsciiLetter(c) || c == '_')
            {
                while (i < source.Length && (char.IsAsciiLetterOrDigit(source[i]) || source[i] == '_'))
                {
                    i++;
                }

                tokens.Add(new CelToken(CelTokenKind.Identifier, source[start..i], null, start));
            }
            else if (Operators.FirstOrDefault(op => string.CompareOrdinal(source, i, op, 0, op.Length) == 0) is { } op)
            {
                i += op.Length;
                tokens.Add(new CelToken(CelTokenKind.Punctuation, op, null, start));
            }
            else
            {
                throw CelCompileException.At(source, i, $"Syntax error: token recognition error at: '{c}'");
            }
        }

        tokens.Add(new CelToken(CelTokenKind.End, "<EOF>", null, source.Length));
        return tokens;
    }

    private static bool IsStringStart(string source, int i)
    {
        var c = source[i];
        if (c is '"' or '\'')
        {
            return true;
        }

        // r'…' / R"…" raw strings and b'…' bytes prefixes.
        return c is 'r' or 'R' or 'b' or 'B' && i + 1 < source.Length && source[i + 1] is '"' or '\'';
    }

    private static CelToken Number(string source, ref int i)
    {
        var start = i;
        if (source[i] == '0' && i + 1 < source.Length && source[i + 1] is 'x' or 'X')
        {
            i += 2;
            while (i < source.Length && char.IsAsciiHexDigit(source[i]))
            {
                i++;
            }

            if (i < source.Length && source[i] is 'u' or 'U')
            {
                throw CelCompileException.At(source, start, "unsigned integer literals are not supported by this evaluator");
            }

            return long.TryParse(source.AsSpan(start + 2, i - start - 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex)
                ? new CelToken(CelTokenKind.Int, source[start..i], hex, start)
                : throw CelCompileException.At(source, start, "invalid int literal");
        }

        var isDouble = false;
        while (i < source.Length && char.IsAsciiDigit(source[i]))
        {
            i++;
        }

        if (i + 1 < source.Length && source[i] == '.' && char.IsAsciiDigit(source[i + 1]))
        {
            isDouble = true;
            i++;
            while (i < source.Length && char.IsAsciiDigit(source[i]))
            {
                i++;
            }
        }

        if (i < source.Length && source[i] is 'e' or 'E')
        {
            var save = i;
            i++;
            if (i < source.Length && source[i] is '+' or '-')
            {
                i++;
            }

            if (i < source.Length && char.IsAsciiDigit(source[i]))
            {
                isDouble = true;
                while (i < source.Length && char.IsAsciiDigit(source[i]))
                {
                    i++;
                }
            }
            else
            {
                i = save;
            }
        }

        var text = source[start..i];
        if (!isDouble && i < source.Length && source[i] is 'u' or 'U')
        {
            throw CelCompileException.At(source, start, "unsigned integer literals are not supported by this evaluator");
        }

        if (isDouble)
        {
            return new CelToken(CelTokenKind.Double, text, double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture), start);
        }

        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? new CelToken(CelTokenKind.Int, text, value, start)
            : throw CelCompileException.At(source, start, "invalid int literal");
    }

    private static CelToken QuotedString(string source, ref int i)
    {
        var start = i;
        var raw = false;
        if (source[i] is 'b' or 'B')
        {
            throw CelCompileException.At(source, start, "bytes literals are not supported by this evaluator");
        }

        if (source[i] is 'r' or 'R')
        {
            raw = true;
            i++;
        }

        var quote = source[i];
        var triple = i + 2 < source.Length && source[i + 1] == quote && source[i + 2] == quote;
        var delimiter = triple ? new string(quote, 3) : quote.ToString();
        i += delimiter.Length;
        var text = new StringBuilder();
        while (true)
        {
            if (i >= source.Length || (!triple && source[i] == '\n'))
            {
                throw CelCompileException.At(source, start, "Syntax error: unterminated string literal");
            }

            if (string.CompareOrdinal(source, i, delimiter, 0, delimiter.Length) == 0)
            {
                i += delimiter.Length;
                break;
            }

            if (source[i] == '\\' && !raw)
            {
                text.Append(Escape(source, ref i, start));
                continue;
            }

            text.Append(source[i]);
            i++;
        }

        return new CelToken(CelTokenKind.String, source[start..i], text.ToString(), start);
    }

    private static string Escape(string source, ref int i, int start)
    {
        if (i + 1 >= source.Length)
        {
            throw CelCompileException.At(source, start, "Syntax error: unterminated string literal");
        }

        var c = source[i + 1];
        i += 2;
        switch (c)
        {
            case 'n': return "\n";
            case 't': return "\t";
            case 'r': return "\r";
            case 'a': return "\a";
            case 'b': return "\b";
            case 'f': return "\f";
            case 'v': return "\v";
            case '\\' or '\'' or '"' or '`' or '?': return c.ToString();
            case 'u' or 'U' or 'x':
                var length = c switch { 'u' => 4, 'U' => 8, _ => 2 };
                if (i + length > source.Length || !int.TryParse(source.AsSpan(i, length), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
                {
                    throw CelCompileException.At(source, i - 2, "Syntax error: invalid escape sequence");
                }

                i += length;
                return char.ConvertFromUtf32(code);
            default:
                throw CelCompileException.At(source, i - 2, $"Syntax error: invalid escape sequence '\\{c}'");
        }
    }
}
