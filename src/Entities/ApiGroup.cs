namespace CrossAccountStreams.Entities;

/// <summary>The API group and version every resource of the operator belongs to.</summary>
public static class ApiGroup
{
    public const string Name = "streams.crossaccount.io";
    public const string Version = "v1alpha1";
    public const string ApiVersion = Name + "/" + Version;

    /// <summary>The finalizer the operator puts on a StreamSubscription before its first AWS write.</summary>
    public const string Finalizer = Name + "/cleanup";
}
