using CrossAccountStreams.Entities;
using CrossAccountStreams.Operator.Aws;
using CrossAccountStreams.Operator.Reconciliation.Status;

namespace CrossAccountStreams.Operator.Tests.Reconciliation.Status;

public sealed class FailureOutcomesTests
{
    [Theory]
    [InlineData(AwsErrorKind.Throttled, false, StepState.Transient, ConditionReasons.Throttled)]
    [InlineData(AwsErrorKind.Transient, false, StepState.Transient, ConditionReasons.TransientError)]
    [InlineData(AwsErrorKind.ResourceInUse, false, StepState.Transient, ConditionReasons.TransientError)]
    [InlineData(AwsErrorKind.NotFound, false, StepState.Stalled, ConditionReasons.StreamNotFound)]
    [InlineData(AwsErrorKind.AccessDenied, true, StepState.Transient, ConditionReasons.StreamAccessDenied)]
    [InlineData(AwsErrorKind.AccessDenied, false, StepState.Stalled, ConditionReasons.StreamAccessDenied)]
    [InlineData(AwsErrorKind.InvalidPrincipal, true, StepState.Transient, ConditionReasons.TransientError)]
    [InlineData(AwsErrorKind.InvalidPrincipal, false, StepState.Stalled, ConditionReasons.InvalidParameter)]
    [InlineData(AwsErrorKind.InvalidInput, false, StepState.Stalled, ConditionReasons.InvalidParameter)]
    [InlineData(AwsErrorKind.Conflict, false, StepState.Stalled, ConditionReasons.MappingConflict)]
    public void AWS_failures_become_retries_or_stalls(AwsErrorKind kind, bool withinGrace, StepState expected, string reason)
    {
        var failure = new AwsOperationException("dynamodb", "PutResourcePolicy", kind, "SomeCode", "AWS said no.");

        var outcome = FailureOutcomes.From(failure, "writing the policy of stream S", ConditionReasons.StreamNotFound, ConditionReasons.StreamAccessDenied, withinGrace);

        Assert.Equal(expected, outcome.State);
        Assert.Equal(reason, outcome.Reason);
        Assert.StartsWith("DynamoDB PutResourcePolicy failed while writing the policy of stream S: AWS said no.", outcome.Message, StringComparison.Ordinal);
    }
}
