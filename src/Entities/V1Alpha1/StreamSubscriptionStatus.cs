using System.ComponentModel;
using System.Text.Json.Serialization;
using CrossAccountStreams.Entities.Schema;
using k8s.Models;

namespace CrossAccountStreams.Entities.V1Alpha1;

[Description("What the operator last observed in both accounts and what it did about it.")]
public sealed class StreamSubscriptionStatus
{
    [Description("The metadata.generation this status describes. When it is behind metadata.generation the status is stale.")]
    [JsonPropertyName("observedGeneration")]
    public long? ObservedGeneration { get; set; }

    [ListMap("type")]
    [Description("Ready, Reconciling and Stalled (kstatus), plus AccountsAuthorized, StreamPolicyReady and EventSourceMappingReady for detail.")]
    [JsonPropertyName("conditions")]
    public IList<V1Condition>? Conditions { get; set; }

    [Description("The source as kubectl get shows it: ACCOUNT/TABLE, or ACCOUNT/TABLE/LABEL for a fixed stream.")]
    [JsonPropertyName("source")]
    public string? Source { get; set; }

    [Description("AWS account ID of the source (stream) account.")]
    [JsonPropertyName("sourceAccountId")]
    public string? SourceAccountId { get; set; }

    [Description("AWS account ID of the target (function) account.")]
    [JsonPropertyName("targetAccountId")]
    public string? TargetAccountId { get; set; }

    [Description("The stream ARN the subscription reads: spec.source.streamArn, or the table's latest stream.")]
    [JsonPropertyName("streamArn")]
    public string? StreamArn { get; set; }

    [Description("The function's ARN as Lambda resolved it.")]
    [JsonPropertyName("functionArn")]
    public string? FunctionArn { get; set; }

    [Description("The function's execution role, which the stream policy statement names as principal.")]
    [JsonPropertyName("executionRoleArn")]
    public string? ExecutionRoleArn { get; set; }

    [Description("Sid of the statement this subscription owns in the stream's resource policy.")]
    [JsonPropertyName("policyStatementId")]
    public string? PolicyStatementId { get; set; }

    [Description("RevisionId of the stream policy after the operator's last read or write.")]
    [JsonPropertyName("policyRevisionId")]
    public string? PolicyRevisionId { get; set; }

    [Description("UUID of the event source mapping this subscription owns.")]
    [JsonPropertyName("eventSourceMappingUuid")]
    public string? EventSourceMappingUuid { get; set; }

    [Description("ARN of the event source mapping.")]
    [JsonPropertyName("eventSourceMappingArn")]
    public string? EventSourceMappingArn { get; set; }

    [Description("The mapping's state as Lambda reports it: Creating, Enabling, Enabled, Disabling, Disabled, Updating or Deleting.")]
    [JsonPropertyName("eventSourceMappingState")]
    public string? EventSourceMappingState { get; set; }

    [Description("Why the mapping is in its state, as Lambda reports it.")]
    [JsonPropertyName("stateTransitionReason")]
    public string? StateTransitionReason { get; set; }

    [Description("Result of Lambda's last poll of the stream, e.g. OK, No records processed, or PROBLEM: followed by the cause.")]
    [JsonPropertyName("lastProcessingResult")]
    public string? LastProcessingResult { get; set; }

    [Description("When the operator last compared AWS with the spec.")]
    [JsonPropertyName("lastSyncTime")]
    public DateTime? LastSyncTime { get; set; }
}
