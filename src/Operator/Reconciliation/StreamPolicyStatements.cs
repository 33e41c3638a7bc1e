using System.Text;
using CrossAccountStreams.Entities;
using CrossAccountStreams.Operator.Aws;
using CrossAccountStreams.Operator.Aws.DynamoDb;
using CrossAccountStreams.Operator.Reconciliation.Policy;
using CrossAccountStreams.Operator.Reconciliation.Status;
using CrossAccountStreams.Operator.Runtime;
using Microsoft.Extensions.Options;

namespace CrossAccountStreams.Operator.Reconciliation;

/// <summary>
/// Keeps one subscription's statement in a stream's resource policy: read, merge (pure), write only when different
/// with the revision read, and read again when another writer got there first.
/// </summary>
public sealed partial class StreamPolicyStatements(
    IStreamSourceClient source,
    IEventRecorder events,
    IOptions<ReconciliationOptions> options,
    ILogger<StreamPolicyStatements> logger)
{
    private readonly ReconciliationOptions settings = options.Value;

    internal async Task<StepOutcome> EnsureAsync(
        ReconcilePass pass, AwsScope scope, string streamArn, string roleArn, bool write, CancellationToken cancellationToken)
    {
        var sid = StatementIds.For(pass.Subscription.Metadata.NamespaceProperty, pass.Subscription.Metadata.Name, pass.Subscription.Metadata.Uid);
        var statement = new StreamReadStatement(sid, roleArn, streamArn);
        pass.Status.PolicyStatementId = sid;
        for (var attempt = 1; attempt <= settings.PolicyWriteAttempts; attempt++)
        {
            pass.At(ReconcileStep.Policy, $"reading the resource policy of stream {streamArn} in account {scope.Account.AccountId}", ConditionReasons.StreamNotFound, ConditionReasons.AccessDenied);
            var current = await source.GetResourcePolicyAsync(scope, streamArn, cancellationToken);
            StreamPolicyDocument document;
            try
            {
                document = current is null ? StreamPolicyDocument.Empty : StreamPolicyDocument.Parse(current.Document);
            }
            catch (FormatException e)
            {
                return new StepOutcome(StepState.Stalled, ConditionReasons.InvalidParameter,
                    $"The resource policy of stream {streamArn} cannot be merged: {e.Message}");
            }

            pass.Status.PolicyRevisionId = current?.RevisionId;
            var merged = document.WithStatement(statement);
            var readers = merged.CountReaders();
            var crowded = readers > settings.StreamReaderWarningThreshold
                ? $" {readers} principals read this stream; more than {settings.StreamReaderWarningThreshold} readers per shard may be throttled."
                : "";
            if (merged.SemanticallyEquals(document))
            {
                return StepOutcome.Done($"Statement {sid} grants {roleArn} read access to stream {streamArn}.{crowded}");
            }

            if (!write)
            {
                return new StepOutcome(StepState.Drifted, ConditionReasons.Drifted,
                    $"The resource policy of stream {streamArn} lacks statement {sid} for {roleArn}, or it differs; observe-only leaves it as it is.");
            }

            var json = merged.ToJson();
            if (Encoding.UTF8.GetByteCount(json) > StreamPolicyDocument.MaxSizeBytes)
            {
                return new StepOutcome(StepState.Stalled, ConditionReasons.PolicyTooLarge,
                    $"Adding statement {sid} would make the resource policy of stream {streamArn} larger than DynamoDB's 20 KB limit.");
            }

            try
            {
                pass.At(ReconcileStep.Policy, $"writing the resource policy of stream {streamArn} in account {scope.Account.AccountId}", ConditionReasons.StreamNotFound, ConditionReasons.AccessDenied);
                pass.Status.PolicyRevisionId = await source.PutResourcePolicyAsync(
                    scope, streamArn, json, current?.RevisionId ?? IStreamSourceClient.NoPolicy, cancellationToken);
            }
            catch (AwsOperationException e) when (e.Kind == AwsErrorKind.RevisionMismatch)
            {
                // Someone else (another subscription on this stream, perhaps) wrote first: merge into their version.
                LogPolicyRaced(logger, pass.Key, streamArn, attempt);
                continue;
            }

            LogStatementWritten(logger, pass.Key, sid, streamArn);
            events.Normal(pass.Subscription, "StreamPolicyUpdated", $"Put statement {sid} for {roleArn} into the resource policy of stream {streamArn}.");
            if (crowded.Length > 0)
            {
                events.Warning(pass.Subscription, "ManyStreamReaders", crowded.Trim());
            }

            return StepOutcome.Done($"Statement {sid} grants {roleArn} read access to stream {streamArn}.{crowded}");
        }

        return new StepOutcome(StepState.Transient, ConditionReasons.TransientError,
            $"The resource policy of stream {streamArn} changed {settings.PolicyWriteAttempts} times while it was being written; retrying.");
    }

    internal async Task RemoveAsync(ReconcilePass pass, AwsScope scope, string streamArn, CancellationToken cancellationToken)
    {
        var sid = pass.Status.PolicyStatementId
            ?? StatementIds.For(pass.Subscription.Metadata.NamespaceProperty, pass.Subscription.Metadata.Name, pass.Subscription.Metadata.Uid);
        for (var attempt = 1; attempt <= settings.PolicyWriteAttempts; attempt++)
        {
            pass.At(ReconcileStep.Policy, $"removing statement {sid} from the resource policy of stream {streamArn}", ConditionReasons.StreamNotFound, ConditionReasons.AccessDenied);
            ResourcePolicy? current;
            try
            {
                current = await source.GetResourcePolicyAsync(scope, streamArn, cancellationToken);
            }
            catch (AwsOperationException e) when (e.Kind == AwsErrorKind.NotFound)
            {
                return; // the stream is gone, and its policy with it
            }

            if (current is null)
            {
                return;
            }

            StreamPolicyDocument document;
            try
            {
                document = StreamPolicyDocument.Parse(current.Document);
            }
            catch (FormatException)
            {
                return; // a policy we cannot read holds no statement we could have written
            }

            if (document.Find(sid) is null)
            {
                return;
            }

            var remaining = document.WithoutStatement(sid);
            try
            {
                if (remaining.IsEmpty)
                {
                    await source.DeleteResourcePolicyAsync(scope, streamArn, current.RevisionId, cancellationToken);
                }
                else
                {
                    await source.PutResourcePolicyAsync(scope, streamArn, remaining.ToJson(), current.RevisionId, cancellationToken);
                }

                LogStatementRemoved(logger, pass.Key, sid, streamArn);
                return;
            }
            catch (AwsOperationException e) when (e.Kind == AwsErrorKind.RevisionMismatch)
            {
                LogPolicyRaced(logger, pass.Key, streamArn, attempt);
            }
        }

        throw new AwsOperationException("dynamodb", "PutResourcePolicy", AwsErrorKind.RevisionMismatch, "PolicyNotFoundException",
            $"The resource policy of stream {streamArn} kept changing while statement {sid} was being removed.");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Wrote statement {Sid} into the policy of stream {StreamArn} for StreamSubscription {Subscription}")]
    private static partial void LogStatementWritten(ILogger logger, string subscription, string sid, string streamArn);

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed statement {Sid} from the policy of stream {StreamArn} for StreamSubscription {Subscription}")]
    private static partial void LogStatementRemoved(ILogger logger, string subscription, string sid, string streamArn);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Re-read the policy of stream {StreamArn} for StreamSubscription {Subscription}: another writer changed it first (attempt {Attempt})")]
    private static partial void LogPolicyRaced(ILogger logger, string subscription, string streamArn, int attempt);
}
