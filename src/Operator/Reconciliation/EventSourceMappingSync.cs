using CrossAccountStreams.Entities;
using CrossAccountStreams.Operator.Aws;
using CrossAccountStreams.Operator.Aws.Lambda;
using CrossAccountStreams.Operator.Reconciliation.Mapping;
using CrossAccountStreams.Operator.Reconciliation.Status;
using CrossAccountStreams.Operator.Runtime;

namespace CrossAccountStreams.Operator.Reconciliation;

/// <summary>
/// Keeps one subscription's event source mapping: find it (status UUID, else adopt by stream and function), create
/// it, update what Lambda can change in place, re-create what it cannot. The decisions come from <see cref="MappingDiff"/>.
/// </summary>
public sealed partial class EventSourceMappingSync(
    IEventSourceMappingClient mappings,
    IEventRecorder events,
    ILogger<EventSourceMappingSync> logger)
{
    internal async Task<StepOutcome> EnsureAsync(
        ReconcilePass pass, AwsScope scope, DesiredMapping desired, bool write, CancellationToken cancellationToken)
    {
        pass.At(ReconcileStep.Mapping, $"reading the event source mapping of {desired.FunctionName} in account {scope.Account.AccountId}", ConditionReasons.FunctionNotFound, ConditionReasons.AccessDenied);
        var observed = pass.Status.EventSourceMappingUuid is { } uuid ? await mappings.GetAsync(scope, uuid, cancellationToken) : null;
        observed ??= await FindExistingAsync(pass, scope, desired, cancellationToken);

        if (observed is null)
        {
            if (!write)
            {
                pass.ClearMapping();
                return new StepOutcome(StepState.Drifted, ConditionReasons.Drifted,
                    $"No event source mapping connects stream {desired.EventSourceArn} to {desired.FunctionName}; observe-only does not create one.");
            }

            observed = await CreateAsync(pass, scope, desired, cancellationToken);
        }

        pass.Record(observed);
        var plan = MappingDiff.Plan(desired, observed);
        switch (plan)
        {
            case MappingPlan.InSync or MappingPlan.Wait:
                return MappingReadiness.Evaluate(desired, observed);

            case MappingPlan.Update update when !write:
                return new StepOutcome(StepState.Drifted, ConditionReasons.Drifted,
                    $"Event source mapping {observed.Uuid} differs from the spec at {string.Join(", ", update.ChangedFields)}; observe-only leaves it as it is.");

            case MappingPlan.Update update:
                pass.At(ReconcileStep.Mapping, $"updating event source mapping {observed.Uuid}", ConditionReasons.FunctionNotFound, ConditionReasons.StreamAccessDenied);
                var updated = await mappings.UpdateAsync(scope, observed.Uuid!, update.Request, cancellationToken);
                pass.Record(updated);
                LogMappingUpdated(logger, pass.Key, observed.Uuid!, string.Join(", ", update.ChangedFields));
                events.Normal(pass.Subscription, "MappingUpdated", $"Updated event source mapping {observed.Uuid}: {string.Join(", ", update.ChangedFields)}.");
                return updated.State is "Enabled" or "Disabled" && MappingDiff.Plan(desired, updated) is MappingPlan.InSync
                    ? MappingReadiness.Evaluate(desired, updated)
                    : new StepOutcome(StepState.InProgress, ConditionReasons.MappingUpdating,
                        $"Updating event source mapping {observed.Uuid}: {string.Join(", ", update.ChangedFields)}.");

            case MappingPlan.Recreate recreate when !write:
                return new StepOutcome(StepState.Drifted, ConditionReasons.Drifted,
                    $"Event source mapping {observed.Uuid} differs from the spec at {recreate.ChangedField}, which Lambda cannot change in place; observe-only leaves it as it is.");

            case MappingPlan.Recreate { CreateFirst: true } recreate:
                // Different stream: Lambda allows both mappings at once, so the function never stops reading.
                var replacement = await CreateAsync(pass, scope, desired, cancellationToken);
                pass.At(ReconcileStep.Mapping, $"deleting the replaced event source mapping {observed.Uuid}", ConditionReasons.FunctionNotFound, ConditionReasons.AccessDenied);
                await mappings.DeleteAsync(scope, observed.Uuid!, cancellationToken);
                LogMappingReplaced(logger, pass.Key, observed.Uuid!, replacement.Uuid!, recreate.ChangedField);
                events.Normal(pass.Subscription, "MappingReplaced", $"Replaced event source mapping {observed.Uuid} with {replacement.Uuid} ({recreate.ChangedField} changed).");
                pass.Record(replacement);
                return MappingReadiness.Evaluate(desired, replacement);

            case MappingPlan.Recreate recreate:
                // Same stream and function: Lambda allows only one mapping, so the old one must go first.
                pass.At(ReconcileStep.Mapping, $"deleting event source mapping {observed.Uuid} to re-create it", ConditionReasons.FunctionNotFound, ConditionReasons.AccessDenied);
                await mappings.DeleteAsync(scope, observed.Uuid!, cancellationToken);
                LogMappingReplaced(logger, pass.Key, observed.Uuid!, "(after deletion)", recreate.ChangedField);
                pass.Status.EventSourceMappingState = "Deleting";
                return new StepOutcome(StepState.InProgress, ConditionReasons.MappingDeleting,
                    $"Deleting event source mapping {observed.Uuid} to re-create it, because {recreate.ChangedField} cannot be changed in place.");

            default:
                throw new InvalidOperationException($"Unknown mapping plan {plan}.");
        }
    }

    private async Task<EventSourceMappingConfiguration?> FindExistingAsync(
        ReconcilePass pass, AwsScope scope, DesiredMapping desired, CancellationToken cancellationToken)
    {
        // After a crash between create and status write the mapping exists but status does not know it: adopt it.
        pass.At(ReconcileStep.Mapping, $"listing the event source mappings of {desired.FunctionName} in account {scope.Account.AccountId}", ConditionReasons.FunctionNotFound, ConditionReasons.AccessDenied);
        var onStream = await mappings.ListAsync(scope, desired.EventSourceArn, desired.FunctionArn, cancellationToken);
        var found = onStream.FirstOrDefault(m => m.EventSourceArn == desired.EventSourceArn && MappingDiff.FunctionMatches(desired, m.FunctionArn));
        if (found is not null || pass.Status.StreamArn is not { } previous || previous == desired.EventSourceArn)
        {
            return found;
        }

        // The stream rotated and status lost the mapping: the one on the previous stream is still ours to move.
        var onPrevious = await mappings.ListAsync(scope, previous, desired.FunctionArn, cancellationToken);
        return onPrevious.FirstOrDefault(m => m.EventSourceArn == previous && MappingDiff.FunctionMatches(desired, m.FunctionArn));
    }

    private async Task<EventSourceMappingConfiguration> CreateAsync(ReconcilePass pass, AwsScope scope, DesiredMapping desired, CancellationToken cancellationToken)
    {
        pass.At(ReconcileStep.Mapping, $"creating an event source mapping from stream {desired.EventSourceArn} to {desired.FunctionName} in account {scope.Account.AccountId}",
            ConditionReasons.FunctionNotFound, ConditionReasons.StreamAccessDenied);
        try
        {
            var created = await mappings.CreateAsync(scope, desired.ToCreateRequest(), cancellationToken);
            LogMappingCreated(logger, pass.Key, created.Uuid ?? "?", desired.EventSourceArn);
            events.Normal(pass.Subscription, "MappingCreated", $"Created event source mapping {created.Uuid} from stream {desired.EventSourceArn}.");
            return created;
        }
        catch (ResourceConflictException e) when (e.ExistingMappingUuid is { } existing)
        {
            // Lambda allows one mapping per stream and function: the one it names is the one to adopt.
            var adopted = await mappings.GetAsync(scope, existing, cancellationToken);
            if (adopted is null)
            {
                throw;
            }

            LogMappingAdopted(logger, pass.Key, existing);
            return adopted;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Created event source mapping {MappingUuid} from stream {StreamArn} for StreamSubscription {Subscription}")]
    private static partial void LogMappingCreated(ILogger logger, string subscription, string mappingUuid, string streamArn);

    [LoggerMessage(Level = LogLevel.Information, Message = "Adopted existing event source mapping {MappingUuid} for StreamSubscription {Subscription}")]
    private static partial void LogMappingAdopted(ILogger logger, string subscription, string mappingUuid);

    [LoggerMessage(Level = LogLevel.Information, Message = "Updated event source mapping {MappingUuid} for StreamSubscription {Subscription}: {Fields}")]
    private static partial void LogMappingUpdated(ILogger logger, string subscription, string mappingUuid, string fields);

    [LoggerMessage(Level = LogLevel.Information, Message = "Replaced event source mapping {OldUuid} with {NewUuid} for StreamSubscription {Subscription} because {Field} changed")]
    private static partial void LogMappingReplaced(ILogger logger, string subscription, string oldUuid, string newUuid, string field);
}
