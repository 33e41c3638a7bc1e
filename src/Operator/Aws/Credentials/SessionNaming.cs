using System.Security.Cryptography;
using System.Text;

namespace CrossAccountStreams.Operator.Aws.Credentials;

/// <summary>
/// Role session names and session tags within STS's limits: a session name is 2-64 characters of <c>[\w+=,.@-]</c>;
/// tag keys and values allow letters, digits, spaces and <c>_.:/=+-@</c>, keys up to 128 and values up to 256 characters.
/// </summary>
public static class SessionNaming
{
    public const string ClusterTagKey = "stream-subscription:cluster";
    public const string NamespaceTagKey = "stream-subscription:namespace";
    public const string NameTagKey = "stream-subscription:name";

    private const int MaxSessionName = 64;
    private const int MaxTagValue = 256;

    public static string RoleSessionName(string cluster, SessionContext session)
    {
        var raw = session.Namespace is null
            ? $"{cluster}"
            : $"{cluster}.{session.Namespace}.{session.Name}";
        var sanitised = Sanitise(raw, IsSessionNameChar);
        if (sanitised.Length > MaxSessionName)
        {
            // Keep names unique when truncated: the tail is a hash of the whole name.
            var hash = ShortHash(raw);
            sanitised = $"{sanitised[..(MaxSessionName - hash.Length - 1)]}-{hash}";
        }

        return sanitised.Length >= 2 ? sanitised : sanitised.PadRight(2, '-');
    }

    public static IReadOnlyList<KeyValuePair<string, string>> SessionTags(string cluster, SessionContext session)
    {
        List<KeyValuePair<string, string>> tags = [new(ClusterTagKey, TagValue(cluster))];
        if (session.Namespace is not null)
        {
            tags.Add(new(NamespaceTagKey, TagValue(session.Namespace)));
        }

        if (session.Name is not null)
        {
            tags.Add(new(NameTagKey, TagValue(session.Name)));
        }

        return tags;
    }

    public static string TagValue(string value)
    {
        var sanitised = Sanitise(value, IsTagChar);
        return sanitised.Length <= MaxTagValue ? sanitised : sanitised[..MaxTagValue];
    }

    private static bool IsSessionNameChar(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is '_' or '+' or '=' or ',' or '.' or '@' or '-';

    private static bool IsTagChar(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is ' ' or '_' or '.' or ':' or '/' or '=' or '+' or '-' or '@';

    private static string Sanitise(string value, Func<char, bool> allowed)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            builder.Append(allowed(c) ? c : '-');
        }

        return builder.ToString();
    }

    private static string ShortHash(string value) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)))[..10];
}
