using System.Text.Json;
using System.Text.Json.Nodes;
using LocalKube.Json;
using LocalKube.Resources;

namespace LocalKube.Api;

/// <summary>The validation rules of the built-in kinds that clients of this server are likely to trip over.</summary>
public static class BuiltinValidation
{
    public static IReadOnlyList<FieldError> Validate(ResourceType type, JsonObject wire, string? @namespace)
    {
        var errors = new List<FieldError>();
        if (type == BuiltinResources.Leases && wire["spec"] is JsonObject spec)
        {
            if (spec["leaseDurationSeconds"] is JsonValue d && (long)JsonNumber.Read(d) <= 0)
            {
                errors.Add(FieldError.Invalid("spec.leaseDurationSeconds", d, "must be greater than 0"));
            }

            if (spec["leaseTransitions"] is JsonValue t && (long)JsonNumber.Read(t) < 0)
            {
                errors.Add(FieldError.Invalid("spec.leaseTransitions", t, "must be greater than or equal to 0"));
            }
        }
        else if (type == BuiltinResources.CoreEvents)
        {
            var involvedNamespace = wire["involvedObject"]?["namespace"]?.GetValue<string>();
            if (!string.IsNullOrEmpty(involvedNamespace) && involvedNamespace != @namespace)
            {
                errors.Add(FieldError.Invalid("involvedObject.namespace", JsonValue.Create(involvedNamespace), "does not match event.namespace"));
            }
        }
        else if (type == BuiltinResources.Events)
        {
            ValidateEventsV1(wire, errors);
        }

        return errors;
    }

    private static void ValidateEventsV1(JsonObject wire, List<FieldError> errors)
    {
        if (wire["eventTime"] is null)
        {
            errors.Add(FieldError.Required("eventTime"));
        }

        var type = Text(wire, "type");
        if (type is not ("Normal" or "Warning"))
        {
            errors.Add(FieldError.Invalid("type", wire["type"]?.DeepClone(), "has invalid value: " + type));
        }

        if (Text(wire, "reportingController") is null)
        {
            errors.Add(FieldError.Required("reportingController"));
        }

        foreach (var field in new[] { "reportingInstance", "action", "reason" })
        {
            var value = Text(wire, field);
            if (value is null)
            {
                errors.Add(FieldError.Required(field));
            }
            else if (value.Length > 128)
            {
                errors.Add(FieldError.TooLong(field, 128));
            }
        }

        if (Text(wire, "note") is { Length: > 1024 })
        {
            errors.Add(FieldError.TooLong("note", 1024));
        }

        foreach (var field in new[] { "deprecatedSource", "deprecatedFirstTimestamp", "deprecatedLastTimestamp", "deprecatedCount" })
        {
            if (wire[field] is JsonNode value && !IsEmpty(value))
            {
                errors.Add(FieldError.Invalid(field, null, "needs to be unset"));
            }
        }
    }

    private static bool IsEmpty(JsonNode value) => value switch
    {
        JsonObject o => o.Count == 0,
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => JsonNumber.Read(v) == 0,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>().Length == 0,
        _ => false,
    };

    private static string? Text(JsonObject o, string key) =>
        o[key] is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>().Length > 0 ? v.GetValue<string>() : null;
}
