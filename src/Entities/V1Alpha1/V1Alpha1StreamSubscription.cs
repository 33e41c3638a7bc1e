using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Runtime.Serialization;
using System.Text.Json.Serialization;
using CrossAccountStreams.Entities.Schema;
using k8s;
using k8s.Models;

namespace CrossAccountStreams.Entities.V1Alpha1;

/// <summary>
/// A Lambda function in one AWS account consuming a DynamoDB stream in another: the operator keeps the stream's
/// resource policy (source account) and the event source mapping (target account) true to this object.
/// </summary>
[KubernetesEntity(Group = ApiGroup.Name, ApiVersion = ApiGroup.Version, Kind = KubeKind, PluralName = Plural)]
[ResourceNames(ShortNames = ["ssub"], Categories = ["aws", "streams"])]
[StatusSubresource]
[Description("StreamSubscription connects a DynamoDB stream in one AWS account to a Lambda function in another: it keeps a statement in the stream's resource policy that lets the function's execution role read the stream, and a Lambda event source mapping that points the function at it.")]
[PrinterColumn("Ready", "string", ".status.conditions[?(@.type==\"Ready\")].status", Description = "Whether AWS matches the spec.")]
[PrinterColumn("Reason", "string", ".status.conditions[?(@.type==\"Ready\")].reason", Description = "Why the subscription is or is not ready.", Priority = 1)]
[PrinterColumn("Source", "string", ".status.source", Description = "The source table, or the stream when the spec names a stream ARN.")]
[PrinterColumn("Function", "string", ".spec.target.functionName", Description = "The Lambda function that consumes the stream.")]
[PrinterColumn("Mapping", "string", ".status.eventSourceMappingState", Description = "State of the event source mapping as Lambda reports it.")]
[PrinterColumn("Stream", "string", ".status.streamArn", Description = "The stream ARN in use.", Priority = 1)]
[PrinterColumn("Age", "date", ".metadata.creationTimestamp")]
public sealed class V1Alpha1StreamSubscription
    : IKubernetesObject<V1ObjectMeta>, ISpec<StreamSubscriptionSpec>, IStatus<StreamSubscriptionStatus>
{
    public const string KubeKind = "StreamSubscription";
    public const string Plural = "streamsubscriptions";

    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = ApiGroup.ApiVersion;

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = KubeKind;

    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    [Required]
    [Description("What to connect: the source stream, the target function, and how the mapping behaves.")]
    [JsonPropertyName("spec")]
    public StreamSubscriptionSpec Spec { get; set; } = new();

    [Description("What the operator last observed and did.")]
    [JsonPropertyName("status")]
    public StreamSubscriptionStatus Status { get; set; } = new();
}

[Description("The desired state of a StreamSubscription.")]
public sealed class StreamSubscriptionSpec
{
    [Required]
    [Description("The DynamoDB stream to read, in the source account.")]
    [JsonPropertyName("source")]
    public StreamSource Source { get; set; } = new();

    [Required]
    [Description("The Lambda function that reads the stream, in the target account.")]
    [JsonPropertyName("target")]
    public FunctionTarget Target { get; set; } = new();

    [Description("Settings of the Lambda event source mapping. Omitted fields take Lambda's defaults.")]
    [JsonPropertyName("mapping")]
    public MappingSpec? Mapping { get; set; }

    [DefaultValue("Delete")]
    [Description("What happens in AWS when this object is deleted. Delete (default) removes the event source mapping and this subscription's statement from the stream policy; Retain leaves both in place.")]
    [JsonPropertyName("deletionPolicy")]
    public DeletionPolicy? DeletionPolicy { get; set; }

    [DefaultValue("Manage")]
    [Description("How far the operator may act. Manage (default) creates, updates and deletes; ObserveOnly reads AWS and reports drift in status but never writes; Paused stops reconciling altogether, leaving AWS and status as they are.")]
    [JsonPropertyName("managementPolicy")]
    public ManagementPolicy? ManagementPolicy { get; set; }
}

[Description("The DynamoDB stream to read. Name exactly one of tableName (the operator follows the table's latest stream, also after it is re-enabled) or streamArn (a fixed stream).")]
[ExactlyOneOf(nameof(TableName), nameof(StreamArn))]
[CelRule("has(self.tableName) != has(self.streamArn)", "exactly one of tableName or streamArn must be set", Reason = "FieldValueInvalid")]
[CelRule("!has(self.streamArn) || self.streamArn.split(':')[3] == self.region", "streamArn must be in spec.source.region", FieldPath = ".streamArn", Reason = "FieldValueInvalid")]
public sealed class StreamSource
{
    [Required]
    [MaxLength(253)]
    [RegularExpression(ApiPatterns.ObjectName)]
    [Description("Name of the cluster-scoped AwsAccount that owns the table; the operator acts in it through that account's role. Immutable: create a new StreamSubscription to read a stream in another account.")]
    [CelRule("self == oldSelf", "spec.source.account is immutable: create a new StreamSubscription for a stream in another account", Reason = "FieldValueForbidden")]
    [JsonPropertyName("account")]
    public string Account { get; set; } = "";

    [Required]
    [MaxLength(32)]
    [RegularExpression(ApiPatterns.Region)]
    [Description("AWS Region of the table, e.g. eu-west-1. Lambda reads streams only in its own Region, so the function must be in this Region too. Immutable.")]
    [CelRule("self == oldSelf", "spec.source.region is immutable: create a new StreamSubscription for another Region", Reason = "FieldValueForbidden")]
    [JsonPropertyName("region")]
    public string Region { get; set; } = "";

    [MinLength(3)]
    [MaxLength(255)]
    [RegularExpression(ApiPatterns.TableName)]
    [Description("Name of the DynamoDB table whose latest stream is read. The table must have streams enabled.")]
    [JsonPropertyName("tableName")]
    public string? TableName { get; set; }

    [MaxLength(1024)]
    [RegularExpression(ApiPatterns.StreamArn)]
    [Description("ARN of a specific stream, arn:aws:dynamodb:REGION:ACCOUNT:table/TABLE/stream/LABEL. Use tableName instead to follow the table when its stream is re-created.")]
    [JsonPropertyName("streamArn")]
    public string? StreamArn { get; set; }
}

[Description("The Lambda function that consumes the stream.")]
public sealed class FunctionTarget
{
    [Required]
    [MaxLength(253)]
    [RegularExpression(ApiPatterns.ObjectName)]
    [Description("Name of the cluster-scoped AwsAccount that owns the function; the mapping is created in it. Immutable: create a new StreamSubscription for a function in another account.")]
    [CelRule("self == oldSelf", "spec.target.account is immutable: create a new StreamSubscription for a function in another account", Reason = "FieldValueForbidden")]
    [JsonPropertyName("account")]
    public string Account { get; set; } = "";

    [Required]
    [MinLength(1)]
    [MaxLength(140)]
    [RegularExpression(ApiPatterns.FunctionName)]
    [Description("The function: a name (my-function), a name with a version or alias (my-function:live), or an ARN. Its execution role is read from the function and granted access to the stream.")]
    [JsonPropertyName("functionName")]
    public string FunctionName { get; set; } = "";
}

[Description("Settings of the Lambda event source mapping, with Lambda's ranges. Omitted fields take Lambda's defaults.")]
[CelRule("!has(self.maximumRecordAgeInSeconds) || self.maximumRecordAgeInSeconds == -1 || self.maximumRecordAgeInSeconds >= 60", "maximumRecordAgeInSeconds must be -1 (no limit) or between 60 and 604800", FieldPath = ".maximumRecordAgeInSeconds", Reason = "FieldValueInvalid")]
[CelRule("!has(oldSelf.startingPosition) || (has(self.startingPosition) && self.startingPosition == oldSelf.startingPosition)", "startingPosition is immutable: create a new StreamSubscription to read from another position", FieldPath = ".startingPosition", Reason = "FieldValueForbidden")]
public sealed class MappingSpec
{
    [Range(1, 10000)]
    [DefaultValue(100)]
    [Description("The largest number of records Lambda sends to the function in one batch (1 to 10000, default 100).")]
    [JsonPropertyName("batchSize")]
    public int? BatchSize { get; set; }

    [Range(0, 300)]
    [Description("How long Lambda gathers records before invoking the function, in seconds (0 to 300, default 0).")]
    [JsonPropertyName("maximumBatchingWindowInSeconds")]
    public int? MaximumBatchingWindowInSeconds { get; set; }

    [DefaultValue("LATEST")]
    [Description("Where to start reading when the mapping is created: LATEST (default, only new records) or TRIM_HORIZON (all records still in the stream, up to 24 hours old). Cannot be changed afterwards.")]
    [JsonPropertyName("startingPosition")]
    public StartingPosition? StartingPosition { get; set; }

    [Range(1, 10)]
    [Description("How many batches from each shard are processed concurrently (1 to 10, default 1).")]
    [JsonPropertyName("parallelizationFactor")]
    public int? ParallelizationFactor { get; set; }

    [Range(-1, 10000)]
    [Description("How many times a failed batch is retried; -1 (default) retries until the record expires.")]
    [JsonPropertyName("maximumRetryAttempts")]
    public int? MaximumRetryAttempts { get; set; }

    [Range(-1, 604800)]
    [ExcludedRange(0, 59)]
    [Description("Records older than this many seconds are discarded: -1 (default) for no limit, else 60 to 604800.")]
    [JsonPropertyName("maximumRecordAgeInSeconds")]
    public int? MaximumRecordAgeInSeconds { get; set; }

    [Description("Split a failing batch in two and retry each half (default false).")]
    [JsonPropertyName("bisectBatchOnFunctionError")]
    public bool? BisectBatchOnFunctionError { get; set; }

    [MaxLength(1)]
    [ListSet]
    [Items(Enum = ["ReportBatchItemFailures"])]
    [Description("Response types the function may return; ReportBatchItemFailures lets it report which records failed.")]
    [JsonPropertyName("functionResponseTypes")]
    public IList<string>? FunctionResponseTypes { get; set; }

    [Range(0, 900)]
    [Description("Length of a tumbling window for stateful aggregation, in seconds (0 to 900). Omit for none.")]
    [JsonPropertyName("tumblingWindowInSeconds")]
    public int? TumblingWindowInSeconds { get; set; }

    [MaxLength(10)]
    [Description("Event patterns; only records matching at least one are sent to the function (at most 10 patterns).")]
    [JsonPropertyName("filters")]
    public IList<EventFilter>? Filters { get; set; }

    [MaxLength(1024)]
    [RegularExpression(ApiPatterns.OnFailureDestinationArn)]
    [Description("Where Lambda sends a record of batches that could not be processed: an SQS queue, SNS topic or S3 bucket ARN.")]
    [JsonPropertyName("onFailureDestinationArn")]
    public string? OnFailureDestinationArn { get; set; }

    [DefaultValue(true)]
    [Description("Whether Lambda reads the stream (default true). False keeps the mapping but stops polling.")]
    [JsonPropertyName("enabled")]
    public bool? Enabled { get; set; }

    [Description("Extra CloudWatch metrics for the mapping.")]
    [JsonPropertyName("metricsConfig")]
    public MetricsConfig? MetricsConfig { get; set; }

    [MaxProperties(50)]
    [MapValue(MaxLength = 256, Pattern = ApiPatterns.TagValue)]
    [CelRule("self.all(k, size(k) >= 1 && size(k) <= 128 && !k.startsWith('aws:'))", "tag keys must be 1 to 128 characters and may not start with aws:", Reason = "FieldValueInvalid")]
    [Description("Tags put on the event source mapping (at most 50; keys up to 128 characters, values up to 256 letters, digits, spaces or _.:/=+@-; keys may not start with aws:).")]
    [JsonPropertyName("tags")]
    public IDictionary<string, string>? Tags { get; set; }
}

[Description("An event pattern, as in EventBridge, matched against each stream record.")]
public sealed class EventFilter
{
    [Required]
    [MinLength(2)]
    [MaxLength(4096)]
    [Description("The pattern as a JSON object, e.g. {\"eventName\":[\"INSERT\"]} (at most 4096 characters).")]
    [JsonPropertyName("pattern")]
    public string Pattern { get; set; } = "";
}

[Description("Extra CloudWatch metrics for an event source mapping.")]
public sealed class MetricsConfig
{
    [MaxLength(1)]
    [ListSet]
    [Items(Enum = ["EventCount"])]
    [Description("Metrics to publish; EventCount is the only one Lambda offers for stream sources.")]
    [JsonPropertyName("metrics")]
    public IList<string>? Metrics { get; set; }
}

// EnumMember gives KubernetesYaml (YamlDotNet) the same names System.Text.Json takes from JsonStringEnumMemberName.
[JsonConverter(typeof(JsonStringEnumConverter<StartingPosition>))]
public enum StartingPosition
{
    [JsonStringEnumMemberName("LATEST")]
    [EnumMember(Value = "LATEST")]
    Latest,

    [JsonStringEnumMemberName("TRIM_HORIZON")]
    [EnumMember(Value = "TRIM_HORIZON")]
    TrimHorizon,
}

[JsonConverter(typeof(JsonStringEnumConverter<DeletionPolicy>))]
public enum DeletionPolicy
{
    Delete,
    Retain,
}

[JsonConverter(typeof(JsonStringEnumConverter<ManagementPolicy>))]
public enum ManagementPolicy
{
    Manage,
    ObserveOnly,
    Paused,
}
