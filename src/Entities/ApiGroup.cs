namespace CrossAccountStreams.Entities;

/// <summary>The API group and version every resource of the operator belongs to.</summary>
public static class ApiGroup
{
    public const string Name = "streams.crossaccount.io";
    public const string Version = "v1alpha1";
    public const string ApiVersion = Name + "/" + Version;

    /// <summary>The finalizer the operator puts on a StreamSubscription before its first AWS write.</summary>
    public const string Finalizer = Name + "/cleanup";

    /// <summary>
    /// Tag the operator puts on every event source mapping it creates, valued <c>namespace/name</c> of the owning
    /// StreamSubscription. A mapping without it is never changed or deleted unless adopted.
    /// </summary>
    public const string OwnerTag = Name + "/owner";

    /// <summary>
    /// Annotation on a StreamSubscription naming the UUID of an existing event source mapping (same stream and
    /// function) that the subscription may take over; the operator then tags it as its own.
    /// </summary>
    public const string AdoptMappingAnnotation = Name + "/adopt-mapping";
}
