using LocalKube.Cel;

namespace LocalKube.Schema;

/// <summary>One <c>x-kubernetes-validations</c> entry, compiled against the schema node that declares it.</summary>
public sealed record CompiledValidationRule(
    string Rule,
    string? Message,
    CelProgram Program,
    CelProgram? MessageExpression,
    string Reason,
    string? FieldPath)
{
    /// <summary>Transition rules read <c>oldSelf</c> and run only on updates where the old object had the value.</summary>
    public bool IsTransitionRule => Program.References.Contains("oldSelf");

    /// <summary>The message kube-apiserver shows when the rule fails and has no usable messageExpression.</summary>
    public string DefaultMessage => Message is { Length: > 0 } message ? message.Trim() : $"failed rule: {Rule.Trim()}";

    /// <summary>How error messages name the rule: its message if it has one, else its text.</summary>
    public string ErrorName => Message is { Length: > 0 } message ? message.Trim() : Rule.Trim();
}
