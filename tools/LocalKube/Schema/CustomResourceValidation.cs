using System.Text.Json.Nodes;
using LocalKube.Api;

namespace LocalKube.Schema;

/// <summary>
/// The validation kube-apiserver runs on a custom resource write: the OpenAPI schema, then the CEL rules, with one
/// aggregated error list. As in the real server, CEL rules are skipped when the schema errors include a missing
/// required field, an unsupported enum value, a wrong type or a size limit (rules could not rely on the shape), and
/// an extra error says so.
/// </summary>
public static class CustomResourceValidation
{
    private static readonly string[] BlockingReasons = ["FieldValueRequired", "FieldValueNotSupported", "FieldValueTooLong", "FieldValueTooMany", "FieldValueTypeInvalid"];

    public static readonly FieldError RulesNotChecked = new(
        "FieldValueInvalid", "<nil>",
        "Invalid value: null: some validation rules were not checked because the object was invalid; correct the existing errors to complete validation");

    /// <param name="obj">The object to be stored, already pruned and defaulted.</param>
    /// <param name="schema">Its openAPIV3Schema.</param>
    /// <param name="rules">Its compiled CEL rules, or null when the schema has none.</param>
    /// <param name="old">The stored object on update; null on create.</param>
    public static ValidationRuleResult Validate(JsonObject obj, JsonObject schema, ValidationRuleSet? rules, JsonObject? old)
    {
        var errors = SchemaValidator.Validate(obj, schema).ToList();
        if (rules is null || rules.Count == 0)
        {
            return new ValidationRuleResult(errors, []);
        }

        if (errors.Any(IsBlocking))
        {
            errors.Add(RulesNotChecked);
            return new ValidationRuleResult(errors, []);
        }

        var result = ValidationRuleEvaluator.Validate(rules, obj, old);
        return new ValidationRuleResult([.. errors, .. result.Errors], result.Warnings);
    }

    private static bool IsBlocking(FieldError error) =>
        BlockingReasons.Contains(error.Reason) || error.Body.Contains(" in body must be of type ", StringComparison.Ordinal);
}
