using CrossAccountStreams.Entities.V1Alpha1;
using CrossAccountStreams.Operator.Aws.Lambda;
using CrossAccountStreams.Operator.Reconciliation.Mapping;
using CrossAccountStreams.Operator.Tests.Reconciliation.Fakes;

namespace CrossAccountStreams.Operator.Tests.Reconciliation.Mapping;

public sealed class MappingDiffTests
{
    private const string Stream = "arn:aws:dynamodb:eu-west-1:111111111111:table/Orders/stream/2026-01-01T00:00:00.000";
    private const string FunctionArn = "arn:aws:lambda:eu-west-1:222222222222:function:order-processor";

    /// <summary>What Lambda returns for a mapping created with only the required fields.</summary>
    private static readonly EventSourceMappingConfiguration LambdaDefaults = new()
    {
        Uuid = "6c1f3a0e-4a1b-4f7a-9c55-0d1e2f3a4b5c",
        EventSourceArn = Stream,
        FunctionArn = FunctionArn,
        StartingPosition = "LATEST",
        BatchSize = 100,
        MaximumBatchingWindowInSeconds = 0,
        ParallelizationFactor = 1,
        MaximumRetryAttempts = -1,
        MaximumRecordAgeInSeconds = -1,
        BisectBatchOnFunctionError = false,
        FunctionResponseTypes = [],
        TumblingWindowInSeconds = 0,
        DestinationConfig = new DestinationConfig(new OnFailure(null), new OnSuccess(null)),
        State = "Enabled",
    };

    private static DesiredMapping Desired(Action<MappingSpec>? change = null)
    {
        var subscription = ObjectBuilders.Subscription(change: spec =>
        {
            if (change is not null)
            {
                spec.Mapping = new MappingSpec();
                change(spec.Mapping);
            }
        });
        return DesiredMapping.From(subscription, Stream, FunctionArn);
    }

    [Fact]
    public void An_empty_spec_matches_a_mapping_that_carries_Lambdas_defaults()
    {
        Assert.IsType<MappingPlan.InSync>(MappingDiff.Plan(Desired(), LambdaDefaults));
    }

    [Fact]
    public void An_empty_spec_matches_a_mapping_that_omits_every_optional_field()
    {
        var sparse = new EventSourceMappingConfiguration { Uuid = "u", EventSourceArn = Stream, FunctionArn = FunctionArn, State = "Enabled" };

        Assert.IsType<MappingPlan.InSync>(MappingDiff.Plan(Desired(), sparse));
    }

    public static TheoryData<string, Action<MappingSpec>, string, Func<UpdateEventSourceMappingRequest, object?>, object?> FieldChanges => new()
    {
        { "batch size", m => m.BatchSize = 10, "spec.mapping.batchSize", r => r.BatchSize, 10 },
        { "batching window", m => m.MaximumBatchingWindowInSeconds = 5, "spec.mapping.maximumBatchingWindowInSeconds", r => r.MaximumBatchingWindowInSeconds, 5 },
        { "parallelization", m => m.ParallelizationFactor = 4, "spec.mapping.parallelizationFactor", r => r.ParallelizationFactor, 4 },
        { "retry attempts", m => m.MaximumRetryAttempts = 3, "spec.mapping.maximumRetryAttempts", r => r.MaximumRetryAttempts, 3 },
        { "record age", m => m.MaximumRecordAgeInSeconds = 3600, "spec.mapping.maximumRecordAgeInSeconds", r => r.MaximumRecordAgeInSeconds, 3600 },
        { "bisect", m => m.BisectBatchOnFunctionError = true, "spec.mapping.bisectBatchOnFunctionError", r => r.BisectBatchOnFunctionError, true },
        { "tumbling window", m => m.TumblingWindowInSeconds = 60, "spec.mapping.tumblingWindowInSeconds", r => r.TumblingWindowInSeconds, 60 },
        { "enabled", m => m.Enabled = false, "spec.mapping.enabled", r => r.Enabled, false },
        { "response types", m => m.FunctionResponseTypes = ["ReportBatchItemFailures"], "spec.mapping.functionResponseTypes", r => string.Join(",", r.FunctionResponseTypes!), "ReportBatchItemFailures" },
        { "on-failure destination", m => m.OnFailureDestinationArn = "arn:aws:sqs:eu-west-1:222222222222:dlq", "spec.mapping.onFailureDestinationArn", r => r.DestinationConfig!.OnFailure!.Destination, "arn:aws:sqs:eu-west-1:222222222222:dlq" },
        { "metrics", m => m.MetricsConfig = new MetricsConfig { Metrics = ["EventCount"] }, "spec.mapping.metricsConfig.metrics", r => string.Join(",", r.MetricsConfig!.Metrics!), "EventCount" },
        { "filters", m => m.Filters = [new EventFilter { Pattern = """{"eventName":["INSERT"]}""" }], "spec.mapping.filters", r => r.FilterCriteria!.Filters![0].Pattern, """{"eventName":["INSERT"]}""" },
    };

    [Theory]
    [MemberData(nameof(FieldChanges))]
    public void A_changed_field_is_updated_in_place_and_nothing_else_is_sent(
        string field, Action<MappingSpec> change, string path, Func<UpdateEventSourceMappingRequest, object?> sent, object? expected)
    {
        var plan = Assert.IsType<MappingPlan.Update>(MappingDiff.Plan(Desired(change), LambdaDefaults));

        Assert.Equal([path], plan.ChangedFields);
        Assert.Equal(expected, sent(plan.Request));
        var json = System.Text.Json.JsonSerializer.Serialize(plan.Request, LambdaJsonContext.Default.UpdateEventSourceMappingRequest);
        Assert.True(System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject().Count == 1, $"{field}: only the changed field should be sent, got {json}");
    }

    [Fact]
    public void Filters_that_differ_only_in_key_order_whitespace_and_list_order_are_in_sync()
    {
        var desired = Desired(m => m.Filters =
        [
            new EventFilter { Pattern = """{ "eventName": ["INSERT"], "dynamodb": {"Keys": {"pk": {"S": ["a"]}}} }""" },
            new EventFilter { Pattern = """{"eventName":["REMOVE"]}""" },
        ]);
        var observed = LambdaDefaults with
        {
            FilterCriteria = new FilterCriteria([new Filter("""{"eventName":["REMOVE"]}"""), new Filter("""{"dynamodb":{"Keys":{"pk":{"S":["a"]}}},"eventName":["INSERT"]}""")]),
        };

        Assert.IsType<MappingPlan.InSync>(MappingDiff.Plan(desired, observed));
    }

    [Fact]
    public void Removing_all_filters_sends_an_empty_filter_list_so_Lambda_clears_them()
    {
        var observed = LambdaDefaults with { FilterCriteria = new FilterCriteria([new Filter("""{"eventName":["INSERT"]}""")]) };

        var plan = Assert.IsType<MappingPlan.Update>(MappingDiff.Plan(Desired(), observed));

        Assert.Empty(plan.Request.FilterCriteria!.Filters!);
    }

    [Fact]
    public void A_mapping_on_another_stream_is_recreated_new_one_first()
    {
        var observed = LambdaDefaults with { EventSourceArn = Stream.Replace("2026-01-01", "2025-06-01", StringComparison.Ordinal) };

        var plan = Assert.IsType<MappingPlan.Recreate>(MappingDiff.Plan(Desired(), observed));

        Assert.True(plan.CreateFirst);
        Assert.Equal(MappingDiff.EventSourceArnField, plan.ChangedField);
    }

    [Fact]
    public void Another_starting_position_on_the_same_stream_is_recreated_old_one_first()
    {
        var plan = Assert.IsType<MappingPlan.Recreate>(MappingDiff.Plan(Desired(m => m.StartingPosition = StartingPosition.TrimHorizon), LambdaDefaults));

        Assert.False(plan.CreateFirst);
        Assert.Equal(MappingDiff.StartingPositionField, plan.ChangedField);
    }

    [Fact]
    public void Another_function_is_changed_in_place()
    {
        var observed = LambdaDefaults with { FunctionArn = "arn:aws:lambda:eu-west-1:222222222222:function:analytics-ingest" };

        var plan = Assert.IsType<MappingPlan.Update>(MappingDiff.Plan(Desired(), observed));

        Assert.Equal([MappingDiff.FunctionField], plan.ChangedFields);
        Assert.Equal("order-processor", plan.Request.FunctionName);
    }

    [Theory]
    [InlineData("Creating")]
    [InlineData("Updating")]
    [InlineData("Deleting")]
    public void A_mapping_still_applying_a_change_is_waited_for(string state)
    {
        var observed = LambdaDefaults with { State = state, BatchSize = 7 };

        Assert.Equal(state, Assert.IsType<MappingPlan.Wait>(MappingDiff.Plan(Desired(), observed)).State);
    }

    [Fact]
    public void A_disabled_mapping_is_enabled_when_the_spec_wants_it_enabled()
    {
        var plan = Assert.IsType<MappingPlan.Update>(MappingDiff.Plan(Desired(), LambdaDefaults with { State = "Disabled" }));

        Assert.Equal(true, plan.Request.Enabled);
    }

    [Fact]
    public void The_create_request_carries_the_spec_the_stream_and_an_owner_tag()
    {
        var request = Desired(m => { m.BatchSize = 50; m.StartingPosition = StartingPosition.TrimHorizon; }).ToCreateRequest();

        Assert.Equal(Stream, request.EventSourceArn);
        Assert.Equal("order-processor", request.FunctionName);
        Assert.Equal("TRIM_HORIZON", request.StartingPosition);
        Assert.Equal(50, request.BatchSize);
        Assert.Equal("orders/orders-to-processor", request.Tags![DesiredMapping.OwnerTagKey]);
        Assert.Null(request.FilterCriteria);
    }
}
