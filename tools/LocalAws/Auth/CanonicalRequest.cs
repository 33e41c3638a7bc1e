using System.Text;
using Amazon.Runtime.Internal.Auth;

namespace LocalAws.Auth;

/// <summary>
/// Rebuilds the SigV4 canonical request from what arrived on the wire (method, raw path and query, signed
/// headers, body), as the AWS "Create a canonical request" procedure defines it for services other than S3.
/// </summary>
public static class CanonicalRequest
{
    public static string Build(
        string method,
        string rawPath,
        string rawQuery,
        IReadOnlyList<string> signedHeaders,
        Func<string, IReadOnlyList<string>> headerValues,
        byte[] body)
    {
        var builder = new StringBuilder();
        builder.Append(method.ToUpperInvariant()).Append('\n');
        builder.Append(CanonicalUri(rawPath)).Append('\n');
        builder.Append(CanonicalQuery(rawQuery)).Append('\n');
        foreach (var name in signedHeaders)
        {
            var values = headerValues(name).Select(NormalizeSpace);
            builder.Append(name).Append(':').Append(string.Join(',', values)).Append('\n');
        }
        builder.Append('\n');
        builder.Append(string.Join(';', signedHeaders)).Append('\n');
        builder.Append(PayloadHash(body));
        return builder.ToString();
    }

    public static string PayloadHash(byte[] body) => Convert.ToHexStringLower(AWS4Signer.ComputeHash(body));

    // Every segment of the path as sent is URI-encoded again (services other than S3 use double encoding).
    public static string CanonicalUri(string rawPath)
    {
        if (string.IsNullOrEmpty(rawPath))
        {
            return "/";
        }
        return string.Join('/', rawPath.Split('/').Select(UriEncode));
    }

    public static string CanonicalQuery(string rawQuery)
    {
        var query = rawQuery.StartsWith('?') ? rawQuery[1..] : rawQuery;
        if (query.Length == 0)
        {
            return string.Empty;
        }
        var pairs = query.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(part =>
            {
                var kv = part.Split('=', 2);
                var key = UriEncode(Decode(kv[0]));
                var value = kv.Length > 1 ? UriEncode(Decode(kv[1])) : string.Empty;
                return (key, value);
            })
            .OrderBy(p => p.key, StringComparer.Ordinal)
            .ThenBy(p => p.value, StringComparer.Ordinal);
        return string.Join('&', pairs.Select(p => $"{p.key}={p.value}"));
    }

    private static string Decode(string value) => Uri.UnescapeDataString(value.Replace('+', ' '));

    /// <summary>RFC 3986 encoding: unreserved characters stay, everything else becomes %XX of its UTF-8 bytes.</summary>
    public static string UriEncode(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (c is >= 'A' and <= 'Z' or >= 'a' and <= 'z' or >= '0' and <= '9' or '-' or '_' or '.' or '~')
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        return builder.ToString();
    }

    private static string NormalizeSpace(string value)
    {
        var trimmed = value.Trim();
        var builder = new StringBuilder(trimmed.Length);
        var previousSpace = false;
        foreach (var c in trimmed)
        {
            var space = c == ' ';
            if (!(space && previousSpace))
            {
                builder.Append(c);
            }
            previousSpace = space;
        }
        return builder.ToString();
    }
}
