using System.Text.Json;
using System.Text.Json.Nodes;
using CrossAccountStreams.Entities.V1Alpha1;
using CrossAccountStreams.Operator.Aws.Lambda;

namespace CrossAccountStreams.Operator.Reconciliation.Mapping;

/// <summary>
/// The settings of a stream mapping with every default filled in, so a spec and an observed mapping compare field by
/// field: an omitted field and Lambda's default are the same thing.
/// </summary>
public sealed record MappingSettings(
    int BatchSize,
    int MaximumBatchingWindowInSeconds,
    int ParallelizationFactor,
    int MaximumRetryAttempts,
    int MaximumRecordAgeInSeconds,
    bool BisectBatchOnFunctionError,
    IReadOnlyList<string> FunctionResponseTypes,
    int TumblingWindowInSeconds,
    IReadOnlyList<string> FilterPatterns,
    string? OnFailureDestination,
    IReadOnlyList<string> Metrics)
{
    // Lambda's documented defaults for DynamoDB stream sources.
    public const int DefaultBatchSize = 100;
    public const int DefaultBatchingWindow = 0;
    public const int DefaultParallelization = 1;
    public const int Unlimited = -1;
    public const string DefaultStartingPosition = "LATEST";

    public static MappingSettings FromSpec(MappingSpec? spec) => new(
        spec?.BatchSize ?? DefaultBatchSize,
        spec?.MaximumBatchingWindowInSeconds ?? DefaultBatchingWindow,
        spec?.ParallelizationFactor ?? DefaultParallelization,
        spec?.MaximumRetryAttempts ?? Unlimited,
        spec?.MaximumRecordAgeInSeconds ?? Unlimited,
        spec?.BisectBatchOnFunctionError ?? false,
        SortedSet(spec?.FunctionResponseTypes),
        spec?.TumblingWindowInSeconds ?? 0,
        Patterns(spec?.Filters?.Select(f => f.Pattern)),
        Blank(spec?.OnFailureDestinationArn),
        SortedSet(spec?.MetricsConfig?.Metrics));

    public static MappingSettings FromObserved(EventSourceMappingConfiguration observed) => new(
        observed.BatchSize ?? DefaultBatchSize,
        observed.MaximumBatchingWindowInSeconds ?? DefaultBatchingWindow,
        observed.ParallelizationFactor ?? DefaultParallelization,
        observed.MaximumRetryAttempts ?? Unlimited,
        observed.MaximumRecordAgeInSeconds ?? Unlimited,
        observed.BisectBatchOnFunctionError ?? false,
        SortedSet(observed.FunctionResponseTypes),
        observed.TumblingWindowInSeconds ?? 0,
        Patterns(observed.FilterCriteria?.Filters?.Select(f => f.Pattern ?? "")),
        Blank(observed.DestinationConfig?.OnFailure?.Destination),
        SortedSet(observed.MetricsConfig?.Metrics));

    public static string StartingPositionOf(MappingSpec? spec) => spec?.StartingPosition switch
    {
        StartingPosition.TrimHorizon => "TRIM_HORIZON",
        _ => DefaultStartingPosition,
    };

    public static bool EnabledOf(MappingSpec? spec) => spec?.Enabled ?? true;

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static IReadOnlyList<string> SortedSet(IEnumerable<string>? values) =>
        values is null ? [] : [.. values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    /// <summary>Filter patterns compared as JSON, not text: key order and whitespace do not matter; the list order does not either.</summary>
    private static IReadOnlyList<string> Patterns(IEnumerable<string>? patterns) =>
        patterns is null ? [] : [.. patterns.Select(CanonicalJson).Order(StringComparer.Ordinal)];

    internal static string CanonicalJson(string json)
    {
        try
        {
            return Canonical(JsonNode.Parse(json));
        }
        catch (JsonException)
        {
            return json.Trim();
        }
    }

    private static string Canonical(JsonNode? node) => node switch
    {
        JsonObject obj => "{" + string.Join(',', obj.OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => JsonSerializer.Serialize(kv.Key) + ":" + Canonical(kv.Value))) + "}",
        JsonArray array => "[" + string.Join(',', array.Select(Canonical)) + "]",
        null => "null",
        _ => node.ToJsonString(),
    };

    public bool Matches(MappingSettings other) =>
        BatchSize == other.BatchSize
        && MaximumBatchingWindowInSeconds == other.MaximumBatchingWindowInSeconds
        && ParallelizationFactor == other.ParallelizationFactor
        && MaximumRetryAttempts == other.MaximumRetryAttempts
        && MaximumRecordAgeInSeconds == other.MaximumRecordAgeInSeconds
        && BisectBatchOnFunctionError == other.BisectBatchOnFunctionError
        && FunctionResponseTypes.SequenceEqual(other.FunctionResponseTypes)
        && TumblingWindowInSeconds == other.TumblingWindowInSeconds
        && FilterPatterns.SequenceEqual(other.FilterPatterns)
        && OnFailureDestination == other.OnFailureDestination
        && Metrics.SequenceEqual(other.Metrics);
}
