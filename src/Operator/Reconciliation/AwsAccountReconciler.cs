using CrossAccountStreams.Entities;
using CrossAccountStreams.Entities.V1Alpha1;
using CrossAccountStreams.Operator.Aws;
using CrossAccountStreams.Operator.Aws.Credentials;
using CrossAccountStreams.Operator.Reconciliation.Status;
using CrossAccountStreams.Operator.Runtime;
using k8s;
using Microsoft.Extensions.Options;

namespace CrossAccountStreams.Operator.Reconciliation;

/// <summary>
/// Verifies an AwsAccount: assumes its role (with its external ID), asks STS who that is, and is Ready only when the
/// caller is in the declared account. Re-verified periodically, since trust policies change outside the cluster.
/// </summary>
public sealed partial class AwsAccountReconciler(
    IResourceCache<V1Alpha1AwsAccount> accounts,
    IStatusWriter<V1Alpha1AwsAccount> statusWriter,
    IEventRecorder events,
    IRoleAssumer roleAssumer,
    IOptions<AwsOptions> awsOptions,
    IOptions<ReconciliationOptions> options,
    GraceClock graceClock,
    TimeProvider timeProvider,
    ILogger<AwsAccountReconciler> logger) : IReconciler<V1Alpha1AwsAccount>
{
    private readonly ReconciliationOptions settings = options.Value;

    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        if (accounts.Get(key) is not { } cached)
        {
            return ReconcileResult.Done;
        }

        var account = KubernetesJson.Deserialize<V1Alpha1AwsAccount>(KubernetesJson.Serialize(cached));
        if (account.Metadata.DeletionTimestamp is not null)
        {
            return ReconcileResult.Done;
        }

        var spec = account.Spec;
        var region = spec.Regions is { Count: > 0 } regions ? regions[0] : settings.DefaultRegion;
        var access = new AwsAccountAccess(spec.AccountId, spec.RoleArn, spec.ExternalId, region);
        var status = new AwsAccountStatus
        {
            Conditions = ConditionSet.Copy(account.Status?.Conditions),
            CallerArn = account.Status?.CallerArn,
            CallerAccountId = account.Status?.CallerAccountId,
            LastVerifiedTime = account.Status?.LastVerifiedTime,
        };

        AccountVerdict verdict;
        AwsOperationException? retry = null;
        try
        {
            // Assumed afresh rather than from the credentials cache: this is the check that the trust still holds.
            var cluster = awsOptions.Value.ClusterName;
            var session = await roleAssumer.AssumeRoleAsync(
                new AssumeRoleInput(access.RoleArn, access.ExternalId, SessionNaming.RoleSessionName(cluster, SessionContext.Operator),
                    SessionNaming.SessionTags(cluster, SessionContext.Operator), TimeSpan.FromMinutes(15), access.Region),
                cancellationToken);
            var identity = await roleAssumer.GetCallerIdentityAsync(access, session, cancellationToken);
            status.CallerArn = identity.Arn;
            status.CallerAccountId = identity.AccountId;
            verdict = identity.AccountId == spec.AccountId
                ? new(StepState.Done, ConditionReasons.RoleAssumed, $"Assumed {spec.RoleArn} as {identity.Arn}.")
                : new(StepState.Stalled, ConditionReasons.AccountIdMismatch,
                    $"Assuming {spec.RoleArn} gave an identity in account {identity.AccountId}, not {spec.AccountId} (spec.accountId).");
        }
        catch (AwsOperationException e)
        {
            var said = $"Could not assume {spec.RoleArn}{(spec.ExternalId is null ? "" : " with the external ID in spec.externalId")}: {e.Message}";
            verdict = e.IsTransient
                ? new(StepState.Transient, e.Kind == AwsErrorKind.Throttled ? ConditionReasons.Throttled : ConditionReasons.TransientError, said + " (retrying)")
                : new(StepState.Stalled, ConditionReasons.AssumeRoleFailed,
                    said + " Check that the role's trust policy allows the operator's identity (sts:AssumeRole and sts:TagSession) with this external ID.");
            retry = e.IsTransient ? e : null;
        }

        var recheck = $"{account.Metadata.Uid ?? account.Metadata.Name}/recheck";
        if (retry is not null && ConditionSet.ReadyFor(account.Status?.Conditions, account.Status?.ObservedGeneration, account.Metadata.Generation) && graceClock.WithinGrace(recheck, settings.TransientErrorTolerance))
        {
            // A throttled re-verification of a Ready account says nothing new: keep Ready, so its subscriptions do not
            // stop for an STS hiccup, and retry with back-off.
            throw retry;
        }

        if (retry is null)
        {
            graceClock.Clear(recheck);
        }

        await WriteStatusAsync(account, status, verdict, cancellationToken);
        if (retry is not null)
        {
            throw retry;
        }

        return ReconcileResult.After(verdict.State == StepState.Done ? settings.AccountVerification : settings.StalledRecheck);
    }

    private async Task WriteStatusAsync(V1Alpha1AwsAccount account, AwsAccountStatus status, AccountVerdict verdict, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow().UtcDateTime;
        var generation = account.Metadata.Generation;
        var conditions = ConditionSet.Copy(status.Conditions);
        var ready = verdict.State == StepState.Done;
        ConditionSet.Set(conditions, ConditionTypes.Ready, ready ? ConditionSet.True : ConditionSet.False, verdict.Reason, verdict.Message, generation, now);
        var reconciling = verdict.State == StepState.Transient;
        ConditionSet.Set(conditions, ConditionTypes.Reconciling, reconciling ? ConditionSet.True : ConditionSet.False, verdict.Reason, reconciling ? verdict.Message : "", generation, now);
        var stalled = verdict.State == StepState.Stalled;
        ConditionSet.Set(conditions, ConditionTypes.Stalled, stalled ? ConditionSet.True : ConditionSet.False, verdict.Reason, stalled ? verdict.Message : "", generation, now);
        status.Conditions = conditions;
        status.ObservedGeneration = generation;

        var before = account.Status ?? new AwsAccountStatus();
        if (ready)
        {
            // Verified now; refreshed only when due, so a healthy account does not cause a write every pass.
            var due = before.LastVerifiedTime is not { } last || now - last >= settings.SyncTimeRefresh;
            status.LastVerifiedTime = due || !StatusComparer.SameIgnoringVerificationTime(before, status) ? now : before.LastVerifiedTime;
        }

        if (StatusComparer.SameIgnoringVerificationTime(before, status) && before.LastVerifiedTime == status.LastVerifiedTime)
        {
            return;
        }

        var wasReady = ConditionSet.Find(before.Conditions, ConditionTypes.Ready)?.Status == ConditionSet.True;
        account.Status = status;
        await statusWriter.WriteStatusAsync(account, cancellationToken);
        if (ready && !wasReady)
        {
            LogVerified(logger, account.Metadata.Name, status.CallerArn ?? "");
            events.Normal(account, verdict.Reason, verdict.Message);
        }
        else if (stalled)
        {
            LogRefused(logger, account.Metadata.Name, verdict.Message);
            events.Warning(account, verdict.Reason, verdict.Message);
        }
    }

    private sealed record AccountVerdict(StepState State, string Reason, string Message);

    [LoggerMessage(Level = LogLevel.Information, Message = "Verified AwsAccount {Account} as {CallerArn}")]
    private static partial void LogVerified(ILogger logger, string account, string callerArn);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not verify AwsAccount {Account}: {Reason}")]
    private static partial void LogRefused(ILogger logger, string account, string reason);
}
