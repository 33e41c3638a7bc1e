namespace CrossAccountStreams.Operator.Aws;

/// <summary>The closed set of ways an AWS call can fail, as the reconciler needs to tell them apart.</summary>
public enum AwsErrorKind
{
    /// <summary>The resource (table, stream, function, mapping) does not exist.</summary>
    NotFound,

    /// <summary>The resource exists but has no resource policy.</summary>
    PolicyNotFound,

    /// <summary>The policy changed since it was read: its revision no longer matches <c>ExpectedRevisionId</c>.</summary>
    RevisionMismatch,

    /// <summary>AWS asked the caller to slow down.</summary>
    Throttled,

    /// <summary>The credentials are not allowed to do this.</summary>
    AccessDenied,

    /// <summary>The request is invalid; retrying it unchanged cannot succeed.</summary>
    InvalidInput,

    /// <summary>A policy names a principal IAM does not know (yet): typical for a role created seconds ago.</summary>
    InvalidPrincipal,

    /// <summary>The resource already exists, or conflicts with one that does.</summary>
    Conflict,

    /// <summary>The resource is busy with another change (e.g. a mapping still Creating).</summary>
    ResourceInUse,

    /// <summary>A server or network error that a later retry may not see.</summary>
    Transient,
}
