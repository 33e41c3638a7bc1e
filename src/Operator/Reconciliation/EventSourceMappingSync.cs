using CrossAccountStreams.Entities;
using CrossAccountStreams.Operator.Aws;
using CrossAccountStreams.Operator.Aws.Lambda;
using CrossAccountStreams.Operator.Reconciliation.Mapping;
using CrossAccountStreams.Operator.Reconciliation.Status;
using CrossAccountStreams.Operator.Runtime;

namespace CrossAccountStreams.Operator.Reconciliation;

/// <summary>
/// Keeps one subscription's event source mapping: find it (status UUID, else its owner tag on the stream and function), create
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
        // A subscription that never got as far as its mapping (no stream in status) skips the listing: a mapping left by
        // a crash, or someone else's, surfaces as Lambda's conflict on create. Saves a Lambda control-plane call, the
        // quota that bounds how fast many subscriptions converge.
        var listFirst = !write || pass.Status.StreamArn is not null;
        if (observed is null && listFirst && await FindExistingAsync(pass, scope, desired, cancellationToken) is { } found)
        {
            if (await ClaimAsync(pass, scope, desired, found, write, cancellationToken) is { } refused)
            {
                return refused;
            }

            observed = found;
        }

        if (observed is null)
        {
            if (!write)
            {
                pass.ClearMapping();
                return new StepOutcome(StepState.Drifted, ConditionReasons.Drifted,
                    $"No event source mapping connects stream {desired.EventSourceArn} to {desired.FunctionName}; observe-only does not create one.");
            }

            var (created, conflict) = await CreateAsync(pass, scope, desired, cancellationToken);
            if (conflict is not null)
            {
                return conflict;
            }

            observed = created!;
        }
        else if (write && pass.Status.ObservedGeneration != pass.Subscription.Metadata.Generation)
        {
            await ApplyTagsAsync(pass, scope, desired, observed, cancellationToken);
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
                var (replacement, refusal) = await CreateAsync(pass, scope, desired, cancellationToken);
                if (refusal is not null)
                {
                    return refusal;
                }

                pass.At(ReconcileStep.Mapping, $"deleting the replaced event source mapping {observed.Uuid}", ConditionReasons.FunctionNotFound, ConditionReasons.AccessDenied);
                await mappings.DeleteAsync(scope, observed.Uuid!, cancellationToken);
                LogMappingReplaced(logger, pass.Key, observed.Uuid!, replacement!.Uuid!, recreate.ChangedField);
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

    /// <summary>
    /// Adds or corrects the spec's tags on an existing mapping. Read only after a spec change, so a steady-state resync
    /// spends none of Lambda's control-plane quota on tags; tags the spec no longer names are left, as others may own them.
    /// </summary>
    private async Task ApplyTagsAsync(ReconcilePass pass, AwsScope scope, DesiredMapping desired, EventSourceMappingConfiguration observed, CancellationToken cancellationToken)
    {
        var arn = MappingArnOf(scope, observed);
        pass.At(ReconcileStep.Mapping, $"reading the tags of event source mapping {observed.Uuid}", ConditionReasons.FunctionNotFound, ConditionReasons.AccessDenied);
        var missing = MappingTags.ToApply(desired.Tags, await mappings.ListTagsAsync(scope, arn, cancellationToken));
        if (missing.Count == 0)
        {
            return;
        }

        pass.At(ReconcileStep.Mapping, $"tagging event source mapping {observed.Uuid}", ConditionReasons.FunctionNotFound, ConditionReasons.AccessDenied);
        await mappings.TagAsync(scope, arn, missing, cancellationToken);
        events.Normal(pass.Subscription, "MappingUpdated", $"Updated event source mapping {observed.Uuid}: tags {string.Join(", ", missing.Keys)}.");
    }

    /// <summary>Reads a mapping's tags and decides whether it is the subscription's own, adopted, or someone else's.</summary>
    internal async Task<(MappingClaim Claim, IReadOnlyDictionary<string, string> Tags, string Arn)> JudgeAsync(
        ReconcilePass pass, AwsScope scope, EventSourceMappingConfiguration mapping, CancellationToken cancellationToken)
    {
        var arn = MappingArnOf(scope, mapping);
        pass.At(ReconcileStep.Mapping, $"reading the tags of event source mapping {mapping.Uuid}", ConditionReasons.FunctionNotFound, ConditionReasons.AccessDenied);
        var tags = await mappings.ListTagsAsync(scope, arn, cancellationToken);
        var claim = MappingOwnership.Judge(tags, MappingOwnership.OwnerOf(pass.Subscription), mapping.Uuid!, MappingOwnership.AdoptionRequestOf(pass.Subscription));
        return (claim, tags, arn);
    }

    private static string MappingArnOf(AwsScope scope, EventSourceMappingConfiguration mapping) =>
        mapping.EventSourceMappingArn ?? $"arn:aws:lambda:{scope.Account.Region}:{scope.Account.AccountId}:event-source-mapping:{mapping.Uuid}";

    /// <summary>
    /// Decides whether a mapping that status did not name may be managed: one the operator tagged for this subscription
    /// (a crash lost the status write), or one the user adopts by annotation. Returns the refusal otherwise.
    /// </summary>
    private async Task<StepOutcome?> ClaimAsync(
        ReconcilePass pass, AwsScope scope, DesiredMapping desired, EventSourceMappingConfiguration found, bool write, CancellationToken cancellationToken)
    {
        var uuid = found.Uuid!;
        var (claim, tags, arn) = await JudgeAsync(pass, scope, found, cancellationToken);
        switch (claim)
        {
            case MappingClaim.Owned:
                LogMappingRecovered(logger, pass.Key, uuid);
                return null;

            case MappingClaim.Adopt:
                if (write)
                {
                    pass.At(ReconcileStep.Mapping, $"tagging event source mapping {uuid} as adopted", ConditionReasons.FunctionNotFound, ConditionReasons.AccessDenied);
                    await mappings.TagAsync(scope, arn, new Dictionary<string, string> { [ApiGroup.OwnerTag] = MappingOwnership.OwnerOf(pass.Subscription) }, cancellationToken);
                    events.Normal(pass.Subscription, "MappingAdopted", $"Adopted event source mapping {uuid} as requested by the {ApiGroup.AdoptMappingAnnotation} annotation.");
                }

                LogMappingAdopted(logger, pass.Key, uuid);
                return null;

            default:
                var message = MappingOwnership.ForeignMessage(uuid, found.EventSourceArn ?? desired.EventSourceArn, desired.FunctionName, tags);
                LogForeignMapping(logger, pass.Key, uuid);
                events.Warning(pass.Subscription, "MappingConflict", message);
                return new StepOutcome(StepState.Stalled, ConditionReasons.MappingConflict, message);
        }
    }

    private async Task<(EventSourceMappingConfiguration? Created, StepOutcome? Refusal)> CreateAsync(
        ReconcilePass pass, AwsScope scope, DesiredMapping desired, CancellationToken cancellationToken)
    {
        pass.At(ReconcileStep.Mapping, $"creating an event source mapping from stream {desired.EventSourceArn} to {desired.FunctionName} in account {scope.Account.AccountId}",
            ConditionReasons.FunctionNotFound, ConditionReasons.StreamAccessDenied);
        try
        {
            var created = await mappings.CreateAsync(scope, desired.ToCreateRequest(), cancellationToken);
            LogMappingCreated(logger, pass.Key, created.Uuid ?? "?", desired.EventSourceArn);
            events.Normal(pass.Subscription, "MappingCreated", $"Created event source mapping {created.Uuid} from stream {desired.EventSourceArn}.");
            return (created, null);
        }
        catch (ResourceConflictException e) when (e.ExistingMappingUuid is { } existing)
        {
            // Lambda allows one mapping per stream and function: the one it names is ours only if tagged or adopted.
            var named = await mappings.GetAsync(scope, existing, cancellationToken);
            if (named is null)
            {
                throw;
            }

            return await ClaimAsync(pass, scope, desired, named, write: true, cancellationToken) is { } refusal ? (null, refusal) : (named, null);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Created event source mapping {MappingUuid} from stream {StreamArn} for StreamSubscription {Subscription}")]
    private static partial void LogMappingCreated(ILogger logger, string subscription, string mappingUuid, string streamArn);

    [LoggerMessage(Level = LogLevel.Information, Message = "Adopted existing event source mapping {MappingUuid} for StreamSubscription {Subscription}")]
    private static partial void LogMappingAdopted(ILogger logger, string subscription, string mappingUuid);

    [LoggerMessage(Level = LogLevel.Information, Message = "Recovered event source mapping {MappingUuid}, tagged as created for StreamSubscription {Subscription}")]
    private static partial void LogMappingRecovered(ILogger logger, string subscription, string mappingUuid);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Event source mapping {MappingUuid} on the same stream and function as StreamSubscription {Subscription} is not its own; leaving it alone")]
    private static partial void LogForeignMapping(ILogger logger, string subscription, string mappingUuid);

    [LoggerMessage(Level = LogLevel.Information, Message = "Updated event source mapping {MappingUuid} for StreamSubscription {Subscription}: {Fields}")]
    private static partial void LogMappingUpdated(ILogger logger, string subscription, string mappingUuid, string fields);

    [LoggerMessage(Level = LogLevel.Information, Message = "Replaced event source mapping {OldUuid} with {NewUuid} for StreamSubscription {Subscription} because {Field} changed")]
    private static partial void LogMappingReplaced(ILogger logger, string subscription, string oldUuid, string newUuid, string field);
}
