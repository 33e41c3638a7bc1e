using System.Text.Json.Nodes;

namespace LocalKube.Api;

/// <summary>An API error that is answered with a Kubernetes <c>Status</c> body.</summary>
public sealed class ApiException(int code, string reason, string message, JsonObject? details = null) : Exception(message)
{
    public int Code { get; } = code;

    public string Reason { get; } = reason;

    public JsonObject? Details { get; } = details;

    public JsonObject ToStatus() => StatusBodies.Failure(Code, Reason, Message, Details);

    public static ApiException BadRequest(string message) => new(400, "BadRequest", message);

    public static ApiException NotFound(string group, string plural, string name) =>
        new(404, "NotFound", $"{Qualified(plural, group)} \"{name}\" not found", DetailsOf(name, group, plural));

    public static ApiException AlreadyExists(string group, string plural, string name) =>
        new(409, "AlreadyExists", $"{Qualified(plural, group)} \"{name}\" already exists", DetailsOf(name, group, plural));

    public static ApiException Conflict(string group, string plural, string name) =>
        new(409, "Conflict",
            $"Operation cannot be fulfilled on {Qualified(plural, group)} \"{name}\": the object has been modified; please apply your changes to the latest version and try again",
            DetailsOf(name, group, plural));

    public static ApiException Invalid(string group, string kind, string name, IReadOnlyList<FieldError> errors)
    {
        var causes = new JsonArray();
        foreach (var error in errors)
        {
            causes.Add(new JsonObject { ["reason"] = error.Reason, ["message"] = error.Body, ["field"] = error.Field });
        }

        var details = DetailsOf(name, group, kind);
        details["causes"] = causes;
        var rendered = errors.Count == 1 ? errors[0].ToString() : "[" + string.Join(", ", errors) + "]";
        return new ApiException(422, "Invalid", $"{Qualified(kind, group)} \"{name}\" is invalid: {rendered}", details);
    }

    public static ApiException Forbidden(string message, string group, string plural, string name) =>
        new(403, "Forbidden", message, DetailsOf(name, group, plural));

    public static string Qualified(string resource, string group) => group.Length == 0 ? resource : $"{resource}.{group}";

    private static JsonObject DetailsOf(string name, string group, string kind)
    {
        var details = new JsonObject();
        if (name.Length > 0)
        {
            details["name"] = name;
        }

        if (group.Length > 0)
        {
            details["group"] = group;
        }

        details["kind"] = kind;
        return details;
    }
}
