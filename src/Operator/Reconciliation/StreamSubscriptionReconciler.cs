using CrossAccountStreams.Entities;
using CrossAccountStreams.Entities.V1Alpha1;
using CrossAccountStreams.Operator.Aws;
using CrossAccountStreams.Operator.Aws.Lambda;
using CrossAccountStreams.Operator.Reconciliation.Authorization;
using CrossAccountStreams.Operator.Reconciliation.Mapping;
using CrossAccountStreams.Operator.Reconciliation.Status;
using CrossAccountStreams.Operator.Reconciliation.Validation;
using CrossAccountStreams.Operator.Runtime;
using k8s;
using Microsoft.Extensions.Options;

namespace CrossAccountStreams.Operator.Reconciliation;

/// <summary>
/// Drives one StreamSubscription: authorise, resolve the stream and function, keep this subscription's statement in
/// the stream policy, keep its event source mapping, and report the truth in status, written once per pass and only
/// when it changed. Decisions are made by the pure types beside it; this class only sequences them with the I/O.
/// </summary>
public sealed partial class StreamSubscriptionReconciler(
    SubscriptionKubernetesPorts kubernetes,
    SubscriptionAwsPorts aws,
    StreamPolicyStatements statements,
    EventSourceMappingSync mappingSync,
    GraceClock graceClock,
    IOptions<ReconciliationOptions> options,
    TimeProvider timeProvider,
    ILogger<StreamSubscriptionReconciler> logger) : IReconciler<V1Alpha1StreamSubscription>
{
    private readonly ReconciliationOptions settings = options.Value;

    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        if (kubernetes.Subscriptions.Get(key) is not { } cached)
        {
            return ReconcileResult.Done;
        }

        // The cache's object is shared with other readers: work on a copy.
        var subscription = KubernetesJson.Deserialize<V1Alpha1StreamSubscription>(KubernetesJson.Serialize(cached));
        var management = subscription.Spec.ManagementPolicy ?? ManagementPolicy.Manage;
        if (subscription.Metadata.DeletionTimestamp is not null)
        {
            return await FinalizeAsync(subscription, management, cancellationToken);
        }

        if (management == ManagementPolicy.Paused)
        {
            await WritePausedStatusAsync(subscription, cancellationToken);
            return ReconcileResult.Done;
        }

        var pass = new ReconcilePass(subscription, CopyStatus(subscription.Status));
        if (SubscriptionSpecCheck.FirstProblem(subscription.Spec) is { } problem)
        {
            var invalid = new StepOutcome(StepState.Stalled, ConditionReasons.InvalidSpec, problem);
            await WriteStatusAsync(pass, invalid, StepOutcome.NotChecked("Waiting for a valid spec."), StepOutcome.NotChecked("Waiting for a valid spec."), cancellationToken);
            return ReconcileResult.After(settings.StalledRecheck);
        }

        var authorization = Authorize(subscription);
        if (!authorization.Allowed)
        {
            var refused = new StepOutcome(authorization.Pending ? StepState.InProgress : StepState.Stalled, authorization.Reason, authorization.Message);
            await WriteStatusAsync(pass, refused, StepOutcome.NotChecked("Waiting for the AwsAccounts to be usable."),
                StepOutcome.NotChecked("Waiting for the AwsAccounts to be usable."), cancellationToken);
            return ReconcileResult.After(authorization.Pending ? settings.ProgressRequeue : settings.StalledRecheck);
        }

        var accounts = StepOutcome.Done(authorization.Message);
        var (sourceScope, targetScope) = Scopes(subscription);
        pass.Status.SourceAccountId = sourceScope.Account.AccountId;
        pass.Status.TargetAccountId = targetScope.Account.AccountId;
        pass.Status.Source = subscription.Spec.Source.TableName is { } table
            ? $"{sourceScope.Account.AccountId}/{table}"
            : $"{sourceScope.Account.AccountId}/{StreamTableAndLabel(subscription.Spec.Source.StreamArn!)}";

        var write = management == ManagementPolicy.Manage;
        if (write && !HasFinalizer(subscription))
        {
            // Before the first AWS write, so nothing is ever created that a delete could not find again.
            pass.Subscription = await kubernetes.Finalizers.AddFinalizerAsync(subscription, ApiGroup.Finalizer, cancellationToken);
        }

        var policy = StepOutcome.NotChecked("The stream policy has not been checked yet.");
        var mapping = StepOutcome.NotChecked("The event source mapping has not been checked yet.");
        Exception? retry = null;
        try
        {
            (policy, mapping) = await SyncAsync(pass, sourceScope, targetScope, write, cancellationToken);
        }
        catch (AwsOperationException e)
        {
            var outcome = FailureOutcomes.From(e, pass.Doing, pass.NotFoundReason, pass.AccessDeniedReason,
                graceClock.WithinGrace($"{Uid(subscription)}/{e.Kind}", e.Kind == AwsErrorKind.InvalidPrincipal ? settings.InvalidPrincipalGrace : settings.AccessDeniedGrace));
            if (pass.Step == ReconcileStep.Policy)
            {
                policy = outcome;
            }
            else
            {
                mapping = outcome;
            }

            retry = outcome.State == StepState.Transient ? e : null;
        }

        if (retry is not null && ConditionSet.ReadyFor(subscription.Status?.Conditions, subscription.Status?.ObservedGeneration, subscription.Metadata.Generation)
            && graceClock.WithinGrace($"{Uid(subscription)}/recheck", settings.TransientErrorTolerance))
        {
            // A throttled re-check of a Ready subscription changes nothing a user needs to see: retry with back-off
            // and keep the last verdict, so GitOps tools do not see it flap to progressing.
            LogRecheckRetried(logger, ObjectKey.Of(subscription).ToString(), retry.Message);
            throw retry;
        }

        await WriteStatusAsync(pass, accounts, policy, mapping, cancellationToken);
        if (retry is not null)
        {
            // The runtime backs off per key; the status above already says what is being retried.
            throw retry;
        }

        var verdict = Verdict.Derive(accounts, policy, mapping);
        if (verdict.State == StepState.Done)
        {
            graceClock.Clear(Uid(subscription));
        }

        return verdict.State switch
        {
            StepState.InProgress => ReconcileResult.After(settings.ProgressRequeue),
            StepState.Stalled => ReconcileResult.After(settings.StalledRecheck),
            _ => ReconcileResult.Done,
        };
    }

    private async Task<(StepOutcome Policy, StepOutcome Mapping)> SyncAsync(
        ReconcilePass pass, AwsScope sourceScope, AwsScope targetScope, bool write, CancellationToken cancellationToken)
    {
        var subscription = pass.Subscription;
        var spec = subscription.Spec;
        var notChecked = StepOutcome.NotChecked("Waiting for the stream and function to be resolved.");

        // Resolve the stream: a fixed ARN, or the table's latest stream (which moves when the stream is re-enabled).
        string streamArn;
        if (spec.Source.StreamArn is { } fixedArn)
        {
            streamArn = fixedArn;
        }
        else
        {
            pass.At(ReconcileStep.Policy, $"describing table {spec.Source.TableName} in account {sourceScope.Account.AccountId}", ConditionReasons.TableNotFound, ConditionReasons.AccessDenied);
            var table = await aws.Source.DescribeTableStreamAsync(sourceScope, spec.Source.TableName!, cancellationToken);
            if (!table.StreamEnabled || table.LatestStreamArn is null)
            {
                return (new StepOutcome(StepState.Stalled, ConditionReasons.StreamNotEnabled,
                    $"Table {table.TableName} in account {sourceScope.Account.AccountId} has no stream enabled: enable DynamoDB Streams on the table (spec.source.tableName)."), notChecked);
            }

            streamArn = table.LatestStreamArn;
        }

        // Resolve the function and its execution role, the principal of the statement.
        pass.At(ReconcileStep.Mapping, $"reading function {spec.Target.FunctionName} in account {targetScope.Account.AccountId}", ConditionReasons.FunctionNotFound, ConditionReasons.AccessDenied);
        var function = await aws.Functions.GetAsync(targetScope, spec.Target.FunctionName, cancellationToken);
        if (function?.FunctionArn is null || function.Role is null)
        {
            return (StepOutcome.NotChecked("Waiting for the function to exist: its execution role is the statement's principal."),
                new StepOutcome(StepState.Stalled, ConditionReasons.FunctionNotFound,
                    $"Function {spec.Target.FunctionName} does not exist in account {targetScope.Account.AccountId} (spec.target.functionName)."));
        }

        pass.Status.FunctionArn = function.FunctionArn;
        pass.Status.ExecutionRoleArn = function.Role;

        var policy = await statements.EnsureAsync(pass, sourceScope, streamArn, function.Role, write, cancellationToken);
        if (policy.State != StepState.Done && write)
        {
            // Lambda cannot read the stream without the statement; do not touch the mapping yet.
            return (policy, StepOutcome.NotChecked("Waiting for the stream policy statement."));
        }

        var desired = DesiredMapping.From(subscription, streamArn, function.FunctionArn);
        var mapping = await mappingSync.EnsureAsync(pass, targetScope, desired, write, cancellationToken);

        var previousStream = pass.Status.StreamArn;
        if (write && previousStream is not null && previousStream != streamArn && pass.MappingOnStream == streamArn)
        {
            // The stream rotated and the mapping moved: the old stream no longer needs this subscription's statement.
            await statements.RemoveAsync(pass, sourceScope, previousStream, cancellationToken);
            LogStreamRotated(logger, ObjectKey.Of(subscription).ToString(), previousStream, streamArn);
            kubernetes.Events.Normal(subscription, "StreamRotated", $"Moved to stream {streamArn} from {previousStream}.");
        }

        if (previousStream is null || pass.MappingOnStream == streamArn || !write)
        {
            pass.Status.StreamArn = streamArn;
        }

        return (policy, mapping);
    }

    private async Task<ReconcileResult> FinalizeAsync(V1Alpha1StreamSubscription subscription, ManagementPolicy management, CancellationToken cancellationToken)
    {
        if (!HasFinalizer(subscription))
        {
            return ReconcileResult.Done;
        }

        if (management != ManagementPolicy.Manage || subscription.Spec.DeletionPolicy == DeletionPolicy.Retain)
        {
            // Retain, observe-only and paused never change AWS, not even on delete.
            await kubernetes.Finalizers.RemoveFinalizerAsync(subscription, ApiGroup.Finalizer, cancellationToken);
            LogReleased(logger, ObjectKey.Of(subscription).ToString(), "AWS left as it is");
            return ReconcileResult.Done;
        }

        var pass = new ReconcilePass(subscription, CopyStatus(subscription.Status));
        var authorization = Authorize(subscription);
        var accounts = StepOutcome.Done(authorization.Message);
        if (!authorization.Allowed)
        {
            var refused = new StepOutcome(authorization.Pending ? StepState.InProgress : StepState.Stalled, authorization.Reason,
                $"Cannot clean up AWS: {authorization.Message} Fix the AwsAccount, or set spec.deletionPolicy to Retain to delete without cleanup.");
            await WriteStatusAsync(pass, refused, StepOutcome.NotChecked("Waiting to clean up."), StepOutcome.NotChecked("Waiting to clean up."), cancellationToken);
            return ReconcileResult.After(authorization.Pending ? settings.ProgressRequeue : settings.StalledRecheck);
        }

        var (sourceScope, targetScope) = Scopes(subscription);
        var policy = StepOutcome.NotChecked("Waiting for the event source mapping to be deleted.");
        StepOutcome mapping;
        try
        {
            // Status may not know everything that was created (a crash before its write): look where it could be.
            var streams = await StreamsToCleanAsync(pass, sourceScope, cancellationToken);
            pass.At(ReconcileStep.Mapping, "deleting the event source mapping", ConditionReasons.FunctionNotFound, ConditionReasons.AccessDenied);
            var observed = pass.Status.EventSourceMappingUuid is { } uuid ? await aws.Mappings.GetAsync(targetScope, uuid, cancellationToken) : null;
            var function = pass.Status.FunctionArn ?? subscription.Spec.Target.FunctionName;
            foreach (var stream in streams)
            {
                if (observed is not null)
                {
                    break;
                }

                var listed = await aws.Mappings.ListAsync(targetScope, stream, function, cancellationToken);
                observed = await OwnMappingAsync(pass, targetScope, listed.FirstOrDefault(m => m.EventSourceArn == stream), cancellationToken);
            }

            if (observed is not null)
            {
                if (observed.State != "Deleting")
                {
                    await aws.Mappings.DeleteAsync(targetScope, observed.Uuid!, cancellationToken);
                    LogMappingDeleted(logger, ObjectKey.Of(subscription).ToString(), observed.Uuid!);
                }

                pass.Record(observed with { State = "Deleting" });
                mapping = new StepOutcome(StepState.InProgress, ConditionReasons.MappingDeleting, $"Deleting event source mapping {observed.Uuid}.");
                await WriteStatusAsync(pass, accounts, policy, mapping, cancellationToken);
                return ReconcileResult.After(settings.ProgressRequeue);
            }

            foreach (var stream in streams)
            {
                await statements.RemoveAsync(pass, sourceScope, stream, cancellationToken);
            }
        }
        catch (AwsOperationException e)
        {
            var outcome = FailureOutcomes.From(e, pass.Doing, pass.NotFoundReason, pass.AccessDeniedReason, withinGrace: false);
            var deleting = outcome with { Message = "Cleanup failed: " + outcome.Message };
            await WriteStatusAsync(pass, accounts, pass.Step == ReconcileStep.Policy ? deleting : policy, pass.Step == ReconcileStep.Mapping ? deleting : StepOutcome.Done("Deleted."), cancellationToken);
            if (outcome.State == StepState.Transient)
            {
                throw;
            }

            return ReconcileResult.After(settings.StalledRecheck);
        }

        await kubernetes.Finalizers.RemoveFinalizerAsync(subscription, ApiGroup.Finalizer, cancellationToken);
        LogReleased(logger, ObjectKey.Of(subscription).ToString(), "mapping and statement deleted");
        return ReconcileResult.Done;
    }

    /// <summary>A mapping found by listing is deleted only if it is this subscription's; someone else's is left alone.</summary>
    private async Task<EventSourceMappingConfiguration?> OwnMappingAsync(
        ReconcilePass pass, AwsScope targetScope, EventSourceMappingConfiguration? listed, CancellationToken cancellationToken)
    {
        if (listed is null)
        {
            return null;
        }

        var (claim, _, _) = await mappingSync.JudgeAsync(pass, targetScope, listed, cancellationToken);
        if (claim != MappingClaim.Foreign)
        {
            return listed;
        }

        LogForeignMappingLeft(logger, ObjectKey.Of(pass.Subscription).ToString(), listed.Uuid!);
        return null;
    }

    private async Task<IReadOnlyList<string>> StreamsToCleanAsync(ReconcilePass pass, AwsScope sourceScope, CancellationToken cancellationToken)
    {
        var source = pass.Subscription.Spec.Source;
        List<string> streams = [.. new[] { pass.Status.StreamArn, source.StreamArn }.OfType<string>()];
        if (source.TableName is { } table)
        {
            pass.At(ReconcileStep.Policy, $"describing table {table} in account {sourceScope.Account.AccountId}", ConditionReasons.TableNotFound, ConditionReasons.AccessDenied);
            try
            {
                var described = await aws.Source.DescribeTableStreamAsync(sourceScope, table, cancellationToken);
                if (described.LatestStreamArn is { } latest)
                {
                    streams.Add(latest);
                }
            }
            catch (AwsOperationException e) when (e.Kind == AwsErrorKind.NotFound)
            {
                // The table is gone; its streams' policies went with it once they expired.
            }
        }

        return [.. streams.Distinct(StringComparer.Ordinal)];
    }

    private AuthorizationDecision Authorize(V1Alpha1StreamSubscription subscription)
    {
        var spec = subscription.Spec;
        var ns = subscription.Metadata.NamespaceProperty;
        return AccountAuthorization.Evaluate(new AuthorizationInput(
            subscription,
            kubernetes.Accounts.Get(new ObjectKey(null, spec.Source.Account)),
            kubernetes.Accounts.Get(new ObjectKey(null, spec.Target.Account)),
            ns is null ? null : kubernetes.Namespaces.Get(new ObjectKey(null, ns))?.Metadata.Labels));
    }

    private (AwsScope Source, AwsScope Target) Scopes(V1Alpha1StreamSubscription subscription)
    {
        var spec = subscription.Spec;
        var session = new SessionContext(subscription.Metadata.NamespaceProperty, subscription.Metadata.Name);
        return (Scope(spec.Source.Account), Scope(spec.Target.Account));

        AwsScope Scope(string accountName)
        {
            var account = kubernetes.Accounts.Get(new ObjectKey(null, accountName))!;
            return new AwsScope(new AwsAccountAccess(account.Spec.AccountId, account.Spec.RoleArn, account.Spec.ExternalId, spec.Source.Region), session);
        }
    }

    private async Task WritePausedStatusAsync(V1Alpha1StreamSubscription subscription, CancellationToken cancellationToken)
    {
        var before = subscription.Status ?? new StreamSubscriptionStatus();
        var status = CopyStatus(before);
        status.ObservedGeneration = subscription.Metadata.Generation;
        status.Conditions = SubscriptionConditions.Paused(before.Conditions, subscription.Metadata.Generation, timeProvider.GetUtcNow().UtcDateTime);
        if (StatusComparer.SameIgnoringSyncTime(before, status))
        {
            return;
        }

        subscription.Status = status;
        await kubernetes.StatusWriter.WriteStatusAsync(subscription, cancellationToken);
    }

    private async Task WriteStatusAsync(ReconcilePass pass, StepOutcome accounts, StepOutcome policy, StepOutcome mapping, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow().UtcDateTime;
        var status = pass.Status;
        var generation = pass.Subscription.Metadata.Generation;
        status.ObservedGeneration = generation;
        status.Conditions = SubscriptionConditions.Apply(status.Conditions, generation, now, accounts, policy, mapping);

        var before = pass.Subscription.Status ?? new StreamSubscriptionStatus();
        if (StatusComparer.SameIgnoringSyncTime(before, status) && before.LastSyncTime is { } last && now - last < settings.SyncTimeRefresh)
        {
            return;
        }

        status.LastSyncTime = now;
        var previousStalled = ConditionSet.Find(before.Conditions, ConditionTypes.Stalled);
        var stalled = ConditionSet.Find(status.Conditions, ConditionTypes.Stalled)!;
        pass.Subscription.Status = status;
        await kubernetes.StatusWriter.WriteStatusAsync(pass.Subscription, cancellationToken);
        if (stalled.Status == ConditionSet.True && (previousStalled?.Status != ConditionSet.True || previousStalled.Message != stalled.Message))
        {
            kubernetes.Events.Warning(pass.Subscription, stalled.Reason, stalled.Message);
        }
    }

    private static StreamSubscriptionStatus CopyStatus(StreamSubscriptionStatus? status) =>
        status is null ? new StreamSubscriptionStatus() : KubernetesJson.Deserialize<StreamSubscriptionStatus>(KubernetesJson.Serialize(status));

    private static bool HasFinalizer(V1Alpha1StreamSubscription subscription) =>
        subscription.Metadata.Finalizers?.Contains(ApiGroup.Finalizer) == true;

    private static string StreamTableAndLabel(string streamArn)
    {
        // arn:aws:dynamodb:REGION:ACCOUNT:table/TABLE/stream/LABEL -> TABLE/LABEL
        var resource = streamArn.Split(':', 6) is { Length: 6 } parts ? parts[5] : streamArn;
        var segments = resource.Split('/');
        return segments.Length == 4 ? $"{segments[1]}/{segments[3]}" : resource;
    }

    private static string Uid(V1Alpha1StreamSubscription subscription) => subscription.Metadata.Uid ?? ObjectKey.Of(subscription).ToString();

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted event source mapping {MappingUuid} of StreamSubscription {Subscription}")]
    private static partial void LogMappingDeleted(ILogger logger, string subscription, string mappingUuid);

    [LoggerMessage(Level = LogLevel.Information, Message = "Moved StreamSubscription {Subscription} from stream {OldStreamArn} to {NewStreamArn}")]
    private static partial void LogStreamRotated(ILogger logger, string subscription, string oldStreamArn, string newStreamArn);

    [LoggerMessage(Level = LogLevel.Information, Message = "Left event source mapping {MappingUuid} in place while deleting StreamSubscription {Subscription}: it is not the subscription's own")]
    private static partial void LogForeignMappingLeft(ILogger logger, string subscription, string mappingUuid);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Re-check of Ready StreamSubscription {Subscription} failed transiently, retrying with status unchanged: {Error}")]
    private static partial void LogRecheckRetried(ILogger logger, string subscription, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Released the finalizer of StreamSubscription {Subscription}: {Outcome}")]
    private static partial void LogReleased(ILogger logger, string subscription, string outcome);
}
