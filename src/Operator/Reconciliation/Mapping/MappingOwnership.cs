using CrossAccountStreams.Entities;
using CrossAccountStreams.Entities.V1Alpha1;

namespace CrossAccountStreams.Operator.Reconciliation.Mapping;

/// <summary>Whether a mapping found in the target account belongs to a subscription.</summary>
public enum MappingClaim
{
    /// <summary>It carries the subscription's owner tag: the subscription created it.</summary>
    Owned,

    /// <summary>It is not tagged as the subscription's, but the subscription's adopt annotation names it.</summary>
    Adopt,

    /// <summary>Someone else's: never changed or deleted.</summary>
    Foreign,
}

/// <summary>
/// Decides ownership of a mapping that the subscription's status does not already name (found by listing, or named
/// by Lambda in a create conflict). Only mappings the operator tagged, or that the user explicitly adopts, are managed.
/// </summary>
public static class MappingOwnership
{
    public static string OwnerOf(V1Alpha1StreamSubscription subscription)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        return $"{subscription.Metadata.NamespaceProperty}/{subscription.Metadata.Name}";
    }

    public static string? AdoptionRequestOf(V1Alpha1StreamSubscription subscription)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        return subscription.Metadata.Annotations?.TryGetValue(ApiGroup.AdoptMappingAnnotation, out var uuid) == true ? uuid.Trim() : null;
    }

    public static MappingClaim Judge(IReadOnlyDictionary<string, string> tags, string owner, string mappingUuid, string? adoptionRequest)
    {
        ArgumentNullException.ThrowIfNull(tags);
        if (tags.TryGetValue(ApiGroup.OwnerTag, out var tagged) && string.Equals(tagged, owner, StringComparison.Ordinal))
        {
            return MappingClaim.Owned;
        }

        return string.Equals(adoptionRequest, mappingUuid, StringComparison.OrdinalIgnoreCase) ? MappingClaim.Adopt : MappingClaim.Foreign;
    }

    /// <summary>What the user reads when a foreign mapping blocks the subscription.</summary>
    public static string ForeignMessage(string mappingUuid, string streamArn, string function, IReadOnlyDictionary<string, string> tags)
    {
        ArgumentNullException.ThrowIfNull(tags);
        var owner = tags.TryGetValue(ApiGroup.OwnerTag, out var other)
            ? $"it belongs to StreamSubscription {other}"
            : $"it was not created by the operator (no {ApiGroup.OwnerTag} tag)";
        return $"Event source mapping {mappingUuid} already connects stream {streamArn} to {function}, and {owner}; Lambda allows one mapping per stream and function. "
            + $"Delete that mapping, or annotate this StreamSubscription with {ApiGroup.AdoptMappingAnnotation}={mappingUuid} to take it over.";
    }
}
