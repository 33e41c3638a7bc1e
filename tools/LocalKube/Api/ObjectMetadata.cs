using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace LocalKube.Api;

/// <summary>Validation of the <c>metadata</c> rules every object shares.</summary>
public static partial class ObjectMetadata
{
    private const string SubdomainHelp =
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

    private const string LabelHelp =
        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

    private const string NamePartHelp =
        "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

    private const string LabelValueHelp =
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

    public static IEnumerable<FieldError> ValidateName(string name, bool labelOnly)
    {
        if (labelOnly)
        {
            if (name.Length > 63)
            {
                yield return FieldError.Invalid("metadata.name", JsonValue.Create(name), "must be no more than 63 characters");
            }

            if (!LabelPattern().IsMatch(name))
            {
                yield return FieldError.Invalid("metadata.name", JsonValue.Create(name), LabelHelp);
            }

            yield break;
        }

        if (name.Length > 253)
        {
            yield return FieldError.Invalid("metadata.name", JsonValue.Create(name), "must be no more than 253 characters");
        }

        if (!SubdomainPattern().IsMatch(name))
        {
            yield return FieldError.Invalid("metadata.name", JsonValue.Create(name), SubdomainHelp);
        }
    }

    /// <summary>Checks label keys (qualified names) and values as apimachinery's <c>ValidateLabels</c> does.</summary>
    public static IEnumerable<FieldError> ValidateLabels(JsonObject obj)
    {
        if (obj["metadata"]?["labels"] is not JsonObject labels)
        {
            yield break;
        }

        foreach (var (key, value) in labels)
        {
            foreach (var problem in QualifiedNameProblems(key))
            {
                yield return FieldError.Invalid("metadata.labels", JsonValue.Create(key), problem);
            }

            var text = value?.ToString() ?? "";
            if (text.Length > 63)
            {
                yield return FieldError.Invalid("metadata.labels", JsonValue.Create(text), "must be no more than 63 characters");
            }

            if (text.Length > 0 && !NamePartPattern().IsMatch(text))
            {
                yield return FieldError.Invalid("metadata.labels", JsonValue.Create(text), LabelValueHelp);
            }
        }
    }

    private static IEnumerable<string> QualifiedNameProblems(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        var name = slash < 0 ? key : key[(slash + 1)..];
        if (slash >= 0)
        {
            var prefix = key[..slash];
            if (prefix.Length == 0)
            {
                yield return "prefix part must be non-empty";
            }
            else if (prefix.Length > 253 || !SubdomainPattern().IsMatch(prefix))
            {
                yield return "prefix part " + SubdomainHelp;
            }
        }

        if (name.Length == 0)
        {
            yield return "name part must be non-empty";
        }
        else if (name.Length > 63)
        {
            yield return "name part must be no more than 63 characters";
        }
        else if (!NamePartPattern().IsMatch(name))
        {
            yield return NamePartHelp;
        }
    }

    public static IReadOnlyList<string> Finalizers(JsonObject obj) =>
        obj["metadata"]?["finalizers"] is JsonArray a ? [.. a.Select(f => f!.GetValue<string>())] : [];

    public static bool IsDeleting(JsonObject obj) => obj["metadata"]?["deletionTimestamp"] is not null;

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex SubdomainPattern();

    [GeneratedRegex("^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$")]
    private static partial Regex NamePartPattern();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex LabelPattern();
}
