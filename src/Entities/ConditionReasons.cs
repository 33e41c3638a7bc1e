namespace CrossAccountStreams.Entities;

/// <summary>CamelCase reasons written into conditions; shown by <c>kubectl get</c> and used by alerts, so they are stable API.</summary>
public static class ConditionReasons
{
    // Ready / Reconciling / Stalled
    public const string Synced = "Synced";
    public const string Progressing = "Progressing";
    public const string MappingCreating = "MappingCreating";
    public const string MappingUpdating = "MappingUpdating";
    public const string MappingDeleting = "MappingDeleting";
    public const string Deleting = "Deleting";
    public const string TransientError = "TransientError";
    public const string Throttled = "Throttled";
    public const string Paused = "Paused";
    public const string ObserveOnly = "ObserveOnly";
    public const string Drifted = "Drifted";

    // Refusals before any AWS call
    public const string AccountNotFound = "AccountNotFound";
    public const string AccountNotReady = "AccountNotReady";
    public const string NamespaceNotAllowed = "NamespaceNotAllowed";
    public const string RegionNotAllowed = "RegionNotAllowed";
    public const string RegionMismatch = "RegionMismatch";
    public const string InvalidSpec = "InvalidSpec";

    // Errors from AWS that a retry cannot fix
    public const string TableNotFound = "TableNotFound";
    public const string StreamNotEnabled = "StreamNotEnabled";
    public const string StreamNotFound = "StreamNotFound";
    public const string FunctionNotFound = "FunctionNotFound";
    public const string AccessDenied = "AccessDenied";
    public const string StreamAccessDenied = "StreamAccessDenied";
    public const string InvalidParameter = "InvalidParameter";
    public const string PolicyTooLarge = "PolicyTooLarge";
    public const string MappingConflict = "MappingConflict";
    public const string ProcessingProblem = "ProcessingProblem";

    // AwsAccount
    public const string RoleAssumed = "RoleAssumed";
    public const string AssumeRoleFailed = "AssumeRoleFailed";
    public const string AccountIdMismatch = "AccountIdMismatch";
}
