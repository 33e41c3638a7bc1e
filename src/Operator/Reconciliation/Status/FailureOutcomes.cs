using CrossAccountStreams.Entities;
using CrossAccountStreams.Operator.Aws;

namespace CrossAccountStreams.Operator.Reconciliation.Status;

/// <summary>Turns a classified AWS failure into a step outcome, with AWS's own message in plain words.</summary>
public static class FailureOutcomes
{
    /// <param name="failure">What AWS said.</param>
    /// <param name="what">What was being done, e.g. "reading the resource policy of stream ARN in account 1111".</param>
    /// <param name="notFoundReason">The reason to report when the resource does not exist.</param>
    /// <param name="accessDeniedReason">The reason to report when access is denied past the grace period.</param>
    /// <param name="withinGrace">Whether a propagation-type error (access denied, invalid principal) is still young.</param>
    public static StepOutcome From(AwsOperationException failure, string what, string notFoundReason, string accessDeniedReason, bool withinGrace)
    {
        var said = $"{Capitalised(failure.Service)} {failure.Operation} failed while {what}: {failure.Message}";
        return failure.Kind switch
        {
            AwsErrorKind.Throttled => new(StepState.Transient, ConditionReasons.Throttled, $"{said} (throttled; retrying with back-off)"),
            AwsErrorKind.Transient or AwsErrorKind.ResourceInUse or AwsErrorKind.RevisionMismatch =>
                new(StepState.Transient, ConditionReasons.TransientError, $"{said} (retrying)"),
            AwsErrorKind.NotFound or AwsErrorKind.PolicyNotFound => new(StepState.Stalled, notFoundReason, said),
            AwsErrorKind.AccessDenied when withinGrace =>
                new(StepState.Transient, accessDeniedReason, $"{said} (retrying: new IAM permissions can take a while to apply)"),
            AwsErrorKind.AccessDenied => new(StepState.Stalled, accessDeniedReason, said),
            AwsErrorKind.InvalidPrincipal when withinGrace =>
                new(StepState.Transient, ConditionReasons.TransientError, $"{said} (retrying: a newly created role takes a while to be usable in policies)"),
            AwsErrorKind.InvalidPrincipal => new(StepState.Stalled, ConditionReasons.InvalidParameter, said),
            AwsErrorKind.Conflict => new(StepState.Stalled, ConditionReasons.MappingConflict, said),
            _ => new(StepState.Stalled, ConditionReasons.InvalidParameter, said),
        };
    }

    private static string Capitalised(string service) => service switch
    {
        "dynamodb" => "DynamoDB",
        "lambda" => "Lambda",
        "sts" => "STS",
        _ => service,
    };
}
