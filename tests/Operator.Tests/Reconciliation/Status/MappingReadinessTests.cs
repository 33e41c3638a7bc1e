using CrossAccountStreams.Entities;
using CrossAccountStreams.Operator.Aws.Lambda;
using CrossAccountStreams.Operator.Reconciliation.Mapping;
using CrossAccountStreams.Operator.Reconciliation.Status;
using CrossAccountStreams.Operator.Tests.Reconciliation.Fakes;

namespace CrossAccountStreams.Operator.Tests.Reconciliation.Status;

public sealed class MappingReadinessTests
{
    private const string Stream = "arn:aws:dynamodb:eu-west-1:111111111111:table/Orders/stream/2026-01-01T00:00:00.000";

    [Theory]
    [InlineData("Creating", true, "OK", StepState.InProgress, ConditionReasons.MappingCreating)]
    [InlineData("Enabling", true, "OK", StepState.InProgress, ConditionReasons.MappingUpdating)]
    [InlineData("Updating", true, "OK", StepState.InProgress, ConditionReasons.MappingUpdating)]
    [InlineData("Deleting", true, "OK", StepState.InProgress, ConditionReasons.MappingDeleting)]
    [InlineData("Enabled", true, "No records processed", StepState.Done, ConditionReasons.Synced)]
    [InlineData("Enabled", true, null, StepState.Done, ConditionReasons.Synced)]
    [InlineData("Disabled", false, "OK", StepState.Done, ConditionReasons.Synced)]
    [InlineData("Disabled", true, "OK", StepState.InProgress, ConditionReasons.MappingUpdating)]
    [InlineData("Enabled", true, "PROBLEM: Function call failed", StepState.Stalled, ConditionReasons.ProcessingProblem)]
    public void A_mapping_is_ready_only_when_settled_as_wanted_and_not_failing(
        string state, bool wantEnabled, string? lastResult, StepState expected, string reason)
    {
        var desired = DesiredMapping.From(
            ObjectBuilders.Subscription(change: s => s.Mapping = new() { Enabled = wantEnabled }), Stream, "arn:aws:lambda:eu-west-1:222222222222:function:order-processor");
        var observed = new EventSourceMappingConfiguration { Uuid = "u-1", State = state, LastProcessingResult = lastResult };

        var outcome = MappingReadiness.Evaluate(desired, observed);

        Assert.Equal(expected, outcome.State);
        Assert.Equal(reason, outcome.Reason);
        Assert.Contains("u-1", outcome.Message, StringComparison.Ordinal);
    }
}
