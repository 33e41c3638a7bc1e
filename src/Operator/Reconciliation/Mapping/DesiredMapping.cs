using CrossAccountStreams.Entities;
using CrossAccountStreams.Entities.V1Alpha1;
using CrossAccountStreams.Operator.Aws.Lambda;

namespace CrossAccountStreams.Operator.Reconciliation.Mapping;

/// <summary>The mapping a subscription asks for, once its stream and function are resolved.</summary>
public sealed record DesiredMapping(
    string EventSourceArn,
    string FunctionName,
    string FunctionArn,
    string StartingPosition,
    bool Enabled,
    MappingSettings Settings,
    IReadOnlyDictionary<string, string> Tags)
{
    /// <summary>Tag put on mappings at creation naming the owning subscription; it is how the operator knows its own.</summary>
    public const string OwnerTagKey = ApiGroup.OwnerTag;

    public static DesiredMapping From(V1Alpha1StreamSubscription subscription, string streamArn, string functionArn)
    {
        var spec = subscription.Spec;
        var tags = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in spec.Mapping?.Tags ?? new Dictionary<string, string>())
        {
            tags[key] = value;
        }

        // Set last so a user tag cannot claim the mapping for another subscription.
        tags[OwnerTagKey] = MappingOwnership.OwnerOf(subscription);
        return new DesiredMapping(
            streamArn,
            spec.Target.FunctionName,
            functionArn,
            MappingSettings.StartingPositionOf(spec.Mapping),
            MappingSettings.EnabledOf(spec.Mapping),
            MappingSettings.FromSpec(spec.Mapping),
            tags);
    }

    public CreateEventSourceMappingRequest ToCreateRequest() => new()
    {
        EventSourceArn = EventSourceArn,
        FunctionName = FunctionName,
        Enabled = Enabled,
        StartingPosition = StartingPosition,
        BatchSize = Settings.BatchSize,
        MaximumBatchingWindowInSeconds = Settings.MaximumBatchingWindowInSeconds,
        ParallelizationFactor = Settings.ParallelizationFactor,
        MaximumRetryAttempts = Settings.MaximumRetryAttempts,
        MaximumRecordAgeInSeconds = Settings.MaximumRecordAgeInSeconds,
        BisectBatchOnFunctionError = Settings.BisectBatchOnFunctionError,
        FunctionResponseTypes = Settings.FunctionResponseTypes.Count == 0 ? null : Settings.FunctionResponseTypes,
        TumblingWindowInSeconds = Settings.TumblingWindowInSeconds == 0 ? null : Settings.TumblingWindowInSeconds,
        FilterCriteria = Settings.FilterPatterns.Count == 0 ? null : new FilterCriteria([.. Settings.FilterPatterns.Select(p => new Filter(p))]),
        DestinationConfig = Settings.OnFailureDestination is { } destination ? new DestinationConfig(new OnFailure(destination)) : null,
        MetricsConfig = Settings.Metrics.Count == 0 ? null : new EventSourceMappingMetricsConfig(Settings.Metrics),
        Tags = Tags,
    };
}
