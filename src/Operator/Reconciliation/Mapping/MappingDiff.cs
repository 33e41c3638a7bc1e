using CrossAccountStreams.Operator.Aws.Lambda;

namespace CrossAccountStreams.Operator.Reconciliation.Mapping;

/// <summary>Compares a desired mapping with the observed one, field by field after normalising Lambda's defaults.</summary>
public static class MappingDiff
{
    public const string EventSourceArnField = "status.streamArn";
    public const string StartingPositionField = "spec.mapping.startingPosition";
    public const string FunctionField = "spec.target.functionName";
    public const string EnabledField = "spec.mapping.enabled";

    /// <summary>Lambda states in which a mapping is still applying a change.</summary>
    public static bool IsTransitional(string? state) => state is "Creating" or "Updating" or "Enabling" or "Disabling" or "Deleting";

    /// <summary>Whether the mapping reads, as far as its state says; null while that is not settled.</summary>
    public static bool? ObservedEnabled(string? state) => state switch
    {
        "Enabled" or "Enabling" => true,
        "Disabled" or "Disabling" => false,
        _ => null,
    };

    public static bool FunctionMatches(DesiredMapping desired, string? observedFunctionArn) =>
        observedFunctionArn is not null
        && (string.Equals(observedFunctionArn, desired.FunctionArn, StringComparison.Ordinal)
            || string.Equals(Unqualified(observedFunctionArn), Unqualified(desired.FunctionArn), StringComparison.Ordinal)
               && !HasQualifier(desired.FunctionName));

    public static MappingPlan Plan(DesiredMapping desired, EventSourceMappingConfiguration observed)
    {
        if (observed.State == "Deleting")
        {
            return new MappingPlan.Wait("Deleting");
        }

        if (!string.Equals(observed.EventSourceArn, desired.EventSourceArn, StringComparison.Ordinal))
        {
            return new MappingPlan.Recreate(EventSourceArnField, CreateFirst: true);
        }

        if (observed.StartingPosition is { } position && position != desired.StartingPosition)
        {
            return new MappingPlan.Recreate(StartingPositionField, CreateFirst: false);
        }

        var (fields, request) = Changes(desired, observed);
        if (fields.Count == 0)
        {
            return new MappingPlan.InSync();
        }

        return IsTransitional(observed.State) ? new MappingPlan.Wait(observed.State!) : new MappingPlan.Update(fields, request);
    }

    private static (IReadOnlyList<string> Fields, UpdateEventSourceMappingRequest Request) Changes(
        DesiredMapping desired, EventSourceMappingConfiguration observed)
    {
        var want = desired.Settings;
        var have = MappingSettings.FromObserved(observed);
        List<string> fields = [];
        var request = new UpdateEventSourceMappingRequest();

        if (!FunctionMatches(desired, observed.FunctionArn))
        {
            fields.Add(FunctionField);
            request = request with { FunctionName = desired.FunctionName };
        }

        if (ObservedEnabled(observed.State) is { } enabled && enabled != desired.Enabled)
        {
            fields.Add(EnabledField);
            request = request with { Enabled = desired.Enabled };
        }

        if (want.BatchSize != have.BatchSize)
        {
            fields.Add("spec.mapping.batchSize");
            request = request with { BatchSize = want.BatchSize };
        }

        if (want.MaximumBatchingWindowInSeconds != have.MaximumBatchingWindowInSeconds)
        {
            fields.Add("spec.mapping.maximumBatchingWindowInSeconds");
            request = request with { MaximumBatchingWindowInSeconds = want.MaximumBatchingWindowInSeconds };
        }

        if (want.ParallelizationFactor != have.ParallelizationFactor)
        {
            fields.Add("spec.mapping.parallelizationFactor");
            request = request with { ParallelizationFactor = want.ParallelizationFactor };
        }

        if (want.MaximumRetryAttempts != have.MaximumRetryAttempts)
        {
            fields.Add("spec.mapping.maximumRetryAttempts");
            request = request with { MaximumRetryAttempts = want.MaximumRetryAttempts };
        }

        if (want.MaximumRecordAgeInSeconds != have.MaximumRecordAgeInSeconds)
        {
            fields.Add("spec.mapping.maximumRecordAgeInSeconds");
            request = request with { MaximumRecordAgeInSeconds = want.MaximumRecordAgeInSeconds };
        }

        if (want.BisectBatchOnFunctionError != have.BisectBatchOnFunctionError)
        {
            fields.Add("spec.mapping.bisectBatchOnFunctionError");
            request = request with { BisectBatchOnFunctionError = want.BisectBatchOnFunctionError };
        }

        if (!want.FunctionResponseTypes.SequenceEqual(have.FunctionResponseTypes))
        {
            fields.Add("spec.mapping.functionResponseTypes");
            request = request with { FunctionResponseTypes = want.FunctionResponseTypes };
        }

        if (want.TumblingWindowInSeconds != have.TumblingWindowInSeconds)
        {
            fields.Add("spec.mapping.tumblingWindowInSeconds");
            request = request with { TumblingWindowInSeconds = want.TumblingWindowInSeconds };
        }

        if (!want.FilterPatterns.SequenceEqual(have.FilterPatterns))
        {
            // An empty FilterCriteria clears the filters; leaving it out would leave them in place.
            fields.Add("spec.mapping.filters");
            request = request with { FilterCriteria = new FilterCriteria([.. want.FilterPatterns.Select(p => new Filter(p))]) };
        }

        if (want.OnFailureDestination != have.OnFailureDestination)
        {
            // An OnFailure without a Destination removes the destination.
            fields.Add("spec.mapping.onFailureDestinationArn");
            request = request with { DestinationConfig = new DestinationConfig(new OnFailure(want.OnFailureDestination)) };
        }

        if (!want.Metrics.SequenceEqual(have.Metrics))
        {
            fields.Add("spec.mapping.metricsConfig.metrics");
            request = request with { MetricsConfig = new EventSourceMappingMetricsConfig(want.Metrics) };
        }

        return (fields, request);
    }

    private static string Unqualified(string functionArn)
    {
        var parts = functionArn.Split(':');
        return parts.Length == 8 ? string.Join(':', parts[..7]) : functionArn;
    }

    private static bool HasQualifier(string functionName)
    {
        var parts = functionName.Split(':');
        return parts.Length is 2 or 4 or 8;
    }
}
