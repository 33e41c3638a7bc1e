using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using System.Text.Json.Serialization;

namespace CrossAccountStreams.Entities.Schema;

/// <summary>
/// Exactly one of the named properties must be set. Rendered as <c>oneOf</c> of <c>required</c> clauses, which a
/// structural schema allows and any JSON Schema validator evaluates, unlike CEL. Pair it with a
/// <see cref="CelRuleAttribute"/> when the API server should answer with a friendlier message.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class ExactlyOneOfAttribute(params string[] propertyNames) : ValidationAttribute
{
    /// <summary>The C# names of the properties (use <c>nameof</c>); the schema names them by their JSON names.</summary>
    public IReadOnlyList<string> PropertyNames { get; } = propertyNames;

    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext)
    {
        if (value is null)
        {
            return ValidationResult.Success;
        }

        var type = value.GetType();
        var properties = PropertyNames
            .Select(name => type.GetProperty(name, BindingFlags.Public | BindingFlags.Instance)
                ?? throw new InvalidOperationException($"{type.Name} has no property {name}"))
            .ToList();
        if (properties.Count(p => p.GetValue(value) is not null) == 1)
        {
            return ValidationResult.Success;
        }

        // Name the fields as the user wrote them in YAML, not as C# spells them.
        var jsonNames = properties.Select(p => p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? p.Name);
        return new ValidationResult(ErrorMessage ?? $"exactly one of {string.Join(" or ", jsonNames)} must be set", PropertyNames);
    }
}

/// <summary>
/// Values inside <c>[Minimum, Maximum]</c> are invalid although they lie within the property's <see cref="RangeAttribute"/>,
/// e.g. a field that takes -1 for "no limit" or 60 and above. Rendered as <c>not: {minimum, maximum}</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ExcludedRangeAttribute(long minimum, long maximum) : ValidationAttribute
{
    public long Minimum { get; } = minimum;

    public long Maximum { get; } = maximum;

    public override bool IsValid(object? value) =>
        value is null || Convert.ToInt64(value, CultureInfo.InvariantCulture) is var v && (v < Minimum || v > Maximum);

    public override string FormatErrorMessage(string name) =>
        ErrorMessage ?? string.Create(CultureInfo.InvariantCulture, $"{name} may not be between {Minimum} and {Maximum}");
}
