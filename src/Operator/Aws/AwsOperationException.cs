namespace CrossAccountStreams.Operator.Aws;

/// <summary>
/// A failed AWS call, classified. Every adapter throws this (or a subclass), so decisions above the adapters never
/// look at SDK exception types or error codes.
/// </summary>
public class AwsOperationException(
    string service,
    string operation,
    AwsErrorKind kind,
    string errorCode,
    string message,
    Exception? inner = null) : Exception(message, inner)
{
    public string Service { get; } = service;

    public string Operation { get; } = operation;

    public AwsErrorKind Kind { get; } = kind;

    /// <summary>The error code AWS returned, e.g. <c>ResourceNotFoundException</c>.</summary>
    public string ErrorCode { get; } = errorCode;

    /// <summary>Throttling and server errors may succeed later; everything else needs a change first.</summary>
    public bool IsTransient => Kind is AwsErrorKind.Throttled or AwsErrorKind.Transient or AwsErrorKind.ResourceInUse;
}
