using System.Text.Json.Serialization;

namespace CrossAccountStreams.Operator.Aws.Lambda;

// Shapes of Lambda's REST-JSON API (2015-03-31), named as in the API reference. Only the members that apply to
// DynamoDB stream sources are modelled; members for Kafka, MQ, SQS and DocumentDB sources are left out.

public sealed record Filter(string? Pattern);

public sealed record FilterCriteria(IReadOnlyList<Filter>? Filters);

public sealed record OnFailure(string? Destination);

public sealed record OnSuccess(string? Destination);

public sealed record DestinationConfig(OnFailure? OnFailure, OnSuccess? OnSuccess = null);

/// <summary>The <c>MetricsConfig</c> shape (named apart from the CRD's own MetricsConfig).</summary>
public sealed record EventSourceMappingMetricsConfig(IReadOnlyList<string>? Metrics);

public sealed record FilterCriteriaError(string? ErrorCode, string? Message);

/// <summary>Body of <c>POST /2015-03-31/event-source-mappings/</c>.</summary>
public sealed record CreateEventSourceMappingRequest
{
    public string? EventSourceArn { get; init; }

    public required string FunctionName { get; init; }

    public bool? Enabled { get; init; }

    public int? BatchSize { get; init; }

    public FilterCriteria? FilterCriteria { get; init; }

    public int? MaximumBatchingWindowInSeconds { get; init; }

    public int? ParallelizationFactor { get; init; }

    public string? StartingPosition { get; init; }

    public double? StartingPositionTimestamp { get; init; }

    public DestinationConfig? DestinationConfig { get; init; }

    public int? MaximumRecordAgeInSeconds { get; init; }

    public bool? BisectBatchOnFunctionError { get; init; }

    public int? MaximumRetryAttempts { get; init; }

    public IReadOnlyDictionary<string, string>? Tags { get; init; }

    public int? TumblingWindowInSeconds { get; init; }

    public IReadOnlyList<string>? FunctionResponseTypes { get; init; }

    public EventSourceMappingMetricsConfig? MetricsConfig { get; init; }

    [JsonPropertyName("KMSKeyArn")]
    public string? KmsKeyArn { get; init; }
}

/// <summary>Body of <c>PUT /2015-03-31/event-source-mappings/{UUID}</c>; absent members are left unchanged.</summary>
public sealed record UpdateEventSourceMappingRequest
{
    public string? FunctionName { get; init; }

    public bool? Enabled { get; init; }

    public int? BatchSize { get; init; }

    public FilterCriteria? FilterCriteria { get; init; }

    public int? MaximumBatchingWindowInSeconds { get; init; }

    public DestinationConfig? DestinationConfig { get; init; }

    public int? MaximumRecordAgeInSeconds { get; init; }

    public bool? BisectBatchOnFunctionError { get; init; }

    public int? MaximumRetryAttempts { get; init; }

    public int? ParallelizationFactor { get; init; }

    public int? TumblingWindowInSeconds { get; init; }

    public IReadOnlyList<string>? FunctionResponseTypes { get; init; }

    public EventSourceMappingMetricsConfig? MetricsConfig { get; init; }

    [JsonPropertyName("KMSKeyArn")]
    public string? KmsKeyArn { get; init; }
}

/// <summary>The <c>EventSourceMappingConfiguration</c> every mapping operation returns.</summary>
public sealed record EventSourceMappingConfiguration
{
    [JsonPropertyName("UUID")]
    public string? Uuid { get; init; }

    public string? StartingPosition { get; init; }

    public double? StartingPositionTimestamp { get; init; }

    public int? BatchSize { get; init; }

    public int? MaximumBatchingWindowInSeconds { get; init; }

    public int? ParallelizationFactor { get; init; }

    public string? EventSourceArn { get; init; }

    public FilterCriteria? FilterCriteria { get; init; }

    public string? FunctionArn { get; init; }

    public double? LastModified { get; init; }

    public string? LastProcessingResult { get; init; }

    public string? State { get; init; }

    public string? StateTransitionReason { get; init; }

    public DestinationConfig? DestinationConfig { get; init; }

    public int? MaximumRecordAgeInSeconds { get; init; }

    public bool? BisectBatchOnFunctionError { get; init; }

    public int? MaximumRetryAttempts { get; init; }

    public int? TumblingWindowInSeconds { get; init; }

    public IReadOnlyList<string>? FunctionResponseTypes { get; init; }

    [JsonPropertyName("KMSKeyArn")]
    public string? KmsKeyArn { get; init; }

    public FilterCriteriaError? FilterCriteriaError { get; init; }

    public string? EventSourceMappingArn { get; init; }

    public EventSourceMappingMetricsConfig? MetricsConfig { get; init; }
}

public sealed record ListEventSourceMappingsResponse(string? NextMarker, IReadOnlyList<EventSourceMappingConfiguration>? EventSourceMappings);

/// <summary>The members of <c>FunctionConfiguration</c> the operator reads.</summary>
public sealed record FunctionConfiguration
{
    public string? FunctionName { get; init; }

    public string? FunctionArn { get; init; }

    public string? Runtime { get; init; }

    public string? Role { get; init; }

    public string? Handler { get; init; }

    public string? Version { get; init; }

    public string? State { get; init; }

    public string? StateReason { get; init; }

    public string? LastUpdateStatus { get; init; }

    public string? RevisionId { get; init; }
}

/// <summary>Body of <c>POST /2017-03-31/tags/{ARN}</c>.</summary>
public sealed record TagResourceRequest(IReadOnlyDictionary<string, string> Tags);

/// <summary>Response of <c>GET /2017-03-31/tags/{ARN}</c>.</summary>
public sealed record ListTagsResponse(IReadOnlyDictionary<string, string>? Tags);

/// <summary>Lambda's error body. The message member is spelled <c>message</c> or <c>Message</c> depending on the error.</summary>
public sealed record LambdaErrorBody
{
    public string? Type { get; init; }

    public string? Message { get; init; }

    public string? Reason { get; init; }

    [JsonPropertyName("retryAfterSeconds")]
    public string? RetryAfterSeconds { get; init; }
}

[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    PropertyNameCaseInsensitive = true,
    NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(CreateEventSourceMappingRequest))]
[JsonSerializable(typeof(UpdateEventSourceMappingRequest))]
[JsonSerializable(typeof(EventSourceMappingConfiguration))]
[JsonSerializable(typeof(ListEventSourceMappingsResponse))]
[JsonSerializable(typeof(FunctionConfiguration))]
[JsonSerializable(typeof(TagResourceRequest))]
[JsonSerializable(typeof(ListTagsResponse))]
[JsonSerializable(typeof(LambdaErrorBody))]
internal sealed partial class LambdaJsonContext : JsonSerializerContext;
