using CrossAccountStreams.Operator.Aws.Lambda;

namespace CrossAccountStreams.Operator.Reconciliation.Mapping;

/// <summary>What to do about an existing mapping, decided by <see cref="MappingDiff"/>.</summary>
public abstract record MappingPlan
{
    private MappingPlan()
    {
    }

    /// <summary>The mapping matches the spec.</summary>
    public sealed record InSync : MappingPlan;

    /// <summary>Lambda is still applying an earlier change; nothing can be changed until it settles.</summary>
    public sealed record Wait(string State) : MappingPlan;

    /// <summary>Fields Lambda can change in place; the request carries exactly those fields.</summary>
    public sealed record Update(IReadOnlyList<string> ChangedFields, UpdateEventSourceMappingRequest Request) : MappingPlan;

    /// <summary>
    /// A field Lambda cannot change (stream ARN, starting position). With <paramref name="CreateFirst"/>, the new
    /// mapping is created before the old one is deleted, so the function keeps reading; that is possible only when
    /// the stream differs, because Lambda allows one mapping per stream and function.
    /// </summary>
    public sealed record Recreate(string ChangedField, bool CreateFirst) : MappingPlan;
}
