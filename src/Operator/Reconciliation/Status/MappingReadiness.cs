using CrossAccountStreams.Entities;
using CrossAccountStreams.Operator.Aws.Lambda;
using CrossAccountStreams.Operator.Reconciliation.Mapping;

namespace CrossAccountStreams.Operator.Reconciliation.Status;

/// <summary>Whether an observed mapping that needs no further change is ready: settled in the desired state and not failing.</summary>
public static class MappingReadiness
{
    public static StepOutcome Evaluate(DesiredMapping desired, EventSourceMappingConfiguration observed)
    {
        var uuid = observed.Uuid;
        switch (observed.State)
        {
            case "Creating":
                return new(StepState.InProgress, ConditionReasons.MappingCreating, $"Event source mapping {uuid} is being created.");
            case "Updating" or "Enabling" or "Disabling":
                return new(StepState.InProgress, ConditionReasons.MappingUpdating, $"Event source mapping {uuid} is {observed.State}.");
            case "Deleting":
                return new(StepState.InProgress, ConditionReasons.MappingDeleting, $"Event source mapping {uuid} is being deleted.");
        }

        var settled = desired.Enabled ? "Enabled" : "Disabled";
        if (observed.State != settled)
        {
            return new(StepState.InProgress, ConditionReasons.MappingUpdating,
                $"Event source mapping {uuid} is {observed.State ?? "in an unknown state"}; waiting for {settled}.");
        }

        if (observed.LastProcessingResult is { } result && result.StartsWith("PROBLEM", StringComparison.OrdinalIgnoreCase))
        {
            return new(StepState.Stalled, ConditionReasons.ProcessingProblem,
                $"Lambda reports a problem reading the stream with mapping {uuid}: {result}");
        }

        return StepOutcome.Done($"Event source mapping {uuid} is {settled} with the declared configuration.");
    }
}
