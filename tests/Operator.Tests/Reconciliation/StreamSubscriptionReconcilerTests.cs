using System.Net;
using CrossAccountStreams.Entities;
using CrossAccountStreams.Entities.V1Alpha1;
using CrossAccountStreams.Operator.Aws;
using CrossAccountStreams.Operator.Aws.DynamoDb;
using CrossAccountStreams.Operator.Aws.Lambda;
using CrossAccountStreams.Operator.Reconciliation.Policy;
using CrossAccountStreams.Operator.Runtime;
using CrossAccountStreams.Operator.Tests.Reconciliation.Fakes;

namespace CrossAccountStreams.Operator.Tests.Reconciliation;

public sealed class StreamSubscriptionReconcilerTests
{
    private static readonly string OrdersStream = FakeAws.StreamArn(SubscriptionHarness.SourceAccount, "Orders", "2026-01-01T00:00:00.000");

    [Fact]
    public async Task The_first_reconcile_puts_the_finalizer_before_writing_then_creates_statement_and_mapping_and_becomes_Ready()
    {
        var h = new SubscriptionHarness();
        var subscription = h.Subscriptions.Put(ObjectBuilders.Subscription());

        var first = await h.ReconcileAsync(subscription);

        Assert.Equal(h.Settings.ProgressRequeue, first.RequeueAfter);
        Assert.Equal(["add " + ApiGroup.Finalizer], h.Subscriptions.FinalizerLog);
        Assert.Contains(ApiGroup.Finalizer, h.Stored(subscription).Metadata.Finalizers!);
        var policy = StreamPolicyDocument.Parse(h.Aws.Policies[OrdersStream].Document);
        var statement = Assert.Single(policy.Statements);
        Assert.Equal("arn:aws:iam::222222222222:role/order-processor-exec", statement["Principal"]!["AWS"]!.GetValue<string>());
        var mapping = Assert.Single(h.Aws.Mappings.Values);
        Assert.Equal("True", h.Condition(subscription, ConditionTypes.Reconciling));
        Assert.Equal(ConditionReasons.MappingCreating, h.ConditionOf(subscription, ConditionTypes.Ready).Reason);

        var second = await h.ReconcileAsync(subscription);

        Assert.Equal(ReconcileResult.Done, second);
        Assert.Equal("True", h.Condition(subscription, ConditionTypes.Ready));
        Assert.Equal("False", h.Condition(subscription, ConditionTypes.Reconciling));
        var status = h.Stored(subscription).Status;
        Assert.Equal(mapping.Uuid, status.EventSourceMappingUuid);
        Assert.Equal("Enabled", status.EventSourceMappingState);
        Assert.Equal(OrdersStream, status.StreamArn);
        Assert.Equal(1, status.ObservedGeneration);
        Assert.Equal($"{SubscriptionHarness.SourceAccount}/Orders", status.Source);
    }

    [Fact]
    public async Task A_new_subscription_spends_no_Lambda_call_on_listing_mappings()
    {
        var h = new SubscriptionHarness();
        var subscription = h.Subscriptions.Put(ObjectBuilders.Subscription());

        await h.ReconcileUntilSettledAsync(subscription);

        Assert.Equal("True", h.Condition(subscription, ConditionTypes.Ready));
        Assert.DoesNotContain("ListEventSourceMappings", h.Aws.Calls);
        Assert.Equal(["GetFunctionConfiguration", "CreateEventSourceMapping", "GetEventSourceMapping"],
            h.Aws.Calls.Where(c => c is "GetFunctionConfiguration" or "CreateEventSourceMapping" or "GetEventSourceMapping" or "ListEventSourceMappings" or "ListTags").Distinct());
    }

    [Fact]
    public async Task A_reconcile_of_a_Ready_subscription_writes_nothing_to_AWS_or_to_status()
    {
        var h = new SubscriptionHarness();
        var subscription = h.Subscriptions.Put(ObjectBuilders.Subscription());
        await h.ReconcileUntilSettledAsync(subscription);
        var writes = h.Aws.Writes.Count();
        var statusWrites = h.Subscriptions.StatusWrites;

        await h.ReconcileAsync(subscription);

        Assert.Equal(writes, h.Aws.Writes.Count());
        Assert.Equal(statusWrites, h.Subscriptions.StatusWrites);
    }

    [Fact]
    public async Task A_spec_change_updates_only_the_changed_field()
    {
        var h = new SubscriptionHarness();
        var subscription = h.Subscriptions.Put(ObjectBuilders.Subscription());
        await h.ReconcileUntilSettledAsync(subscription);
        h.Aws.Calls.Clear();

        h.Subscriptions.UpdateSpec(ObjectKey.Of(subscription), s => s.Spec.Mapping = new MappingSpec { BatchSize = 25 });
        await h.ReconcileUntilSettledAsync(subscription);

        Assert.Equal(["UpdateEventSourceMapping"], h.Aws.Writes);
        Assert.Equal(25, Assert.Single(h.Aws.Mappings.Values).BatchSize);
        Assert.Equal("True", h.Condition(subscription, ConditionTypes.Ready));
        Assert.Equal(2, h.ConditionOf(subscription, ConditionTypes.Ready).ObservedGeneration);
    }

    [Fact]
    public async Task A_refused_namespace_stalls_with_a_clear_message_and_calls_no_AWS()
    {
        var h = new SubscriptionHarness();
        var subscription = h.Subscriptions.Put(ObjectBuilders.Subscription(ns: "payments"));

        var result = await h.ReconcileAsync(subscription);

        Assert.Empty(h.Aws.Calls);
        Assert.Empty(h.Subscriptions.FinalizerLog);
        Assert.Equal(h.Settings.StalledRecheck, result.RequeueAfter);
        var stalled = h.ConditionOf(subscription, ConditionTypes.Stalled);
        Assert.Equal("True", stalled.Status);
        Assert.Equal(ConditionReasons.NamespaceNotAllowed, stalled.Reason);
        Assert.Contains("Namespace \"payments\" may not use AwsAccount \"source\"", stalled.Message, StringComparison.Ordinal);
        Assert.Equal("False", h.Condition(subscription, ConditionTypes.Reconciling));
        Assert.Contains(h.Events.Events, e => e.Type == "Warning" && e.Reason == ConditionReasons.NamespaceNotAllowed);
    }

    [Fact]
    public async Task A_foreign_statement_survives_reconcile_and_delete()
    {
        var h = new SubscriptionHarness();
        const string foreign = """{"Version":"2012-10-17","Statement":[{"Sid":"Audit","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::333333333333:role/auditor"},"Action":"dynamodb:DescribeStream","Resource":"*"}]}""";
        h.Aws.Policies[OrdersStream] = new ResourcePolicy(foreign, "rev-foreign");
        var subscription = h.Subscriptions.Put(ObjectBuilders.Subscription());
        await h.ReconcileUntilSettledAsync(subscription);
        Assert.Equal(2, StreamPolicyDocument.Parse(h.Aws.Policies[OrdersStream].Document).Statements.Count);

        h.Subscriptions.MarkDeleted(ObjectKey.Of(subscription), h.Time.GetUtcNow().UtcDateTime);
        await h.ReconcileUntilSettledAsync(subscription);

        Assert.Empty(h.Aws.Mappings);
        Assert.True(StreamPolicyDocument.Parse(h.Aws.Policies[OrdersStream].Document).SemanticallyEquals(StreamPolicyDocument.Parse(foreign)));
        Assert.Null(h.Subscriptions.Get(ObjectKey.Of(subscription)));
    }

    [Fact]
    public async Task Delete_removes_the_mapping_first_then_the_policy_when_nothing_else_remains_then_the_finalizer()
    {
        var h = new SubscriptionHarness();
        var subscription = h.Subscriptions.Put(ObjectBuilders.Subscription());
        await h.ReconcileUntilSettledAsync(subscription);
        h.Aws.Calls.Clear();

        h.Subscriptions.MarkDeleted(ObjectKey.Of(subscription), h.Time.GetUtcNow().UtcDateTime);
        var first = await h.ReconcileAsync(subscription);

        Assert.Equal(h.Settings.ProgressRequeue, first.RequeueAfter);
        Assert.Equal(["DeleteEventSourceMapping"], h.Aws.Writes);
        Assert.NotNull(h.Subscriptions.Get(ObjectKey.Of(subscription)));

        await h.ReconcileUntilSettledAsync(subscription);

        Assert.Equal(["DeleteEventSourceMapping", "DeleteResourcePolicy"], h.Aws.Writes);
        Assert.False(h.Aws.Policies.ContainsKey(OrdersStream));
        Assert.Null(h.Subscriptions.Get(ObjectKey.Of(subscription)));
    }

    [Fact]
    public async Task Delete_with_Retain_leaves_AWS_untouched_and_releases_the_object()
    {
        var h = new SubscriptionHarness();
        var subscription = h.Subscriptions.Put(ObjectBuilders.Subscription(change: s => s.DeletionPolicy = DeletionPolicy.Retain));
        await h.ReconcileUntilSettledAsync(subscription);
        h.Aws.Calls.Clear();

        h.Subscriptions.MarkDeleted(ObjectKey.Of(subscription), h.Time.GetUtcNow().UtcDateTime);
        await h.ReconcileAsync(subscription);

        Assert.Empty(h.Aws.Calls);
        Assert.Single(h.Aws.Mappings);
        Assert.True(h.Aws.Policies.ContainsKey(OrdersStream));
        Assert.Null(h.Subscriptions.Get(ObjectKey.Of(subscription)));
    }

    [Fact]
    public async Task A_crash_between_create_and_status_write_is_followed_by_adoption_not_a_duplicate()
    {
        var h = new SubscriptionHarness();
        var subscription = h.Subscriptions.Put(ObjectBuilders.Subscription());
        // The mapping exists in AWS, but status never learnt its UUID.
        await h.ReconcileAsync(subscription);
        var uuid = Assert.Single(h.Aws.Mappings.Keys);
        h.Stored(subscription).Status = new StreamSubscriptionStatus();

        await h.ReconcileUntilSettledAsync(subscription);

        Assert.Equal(uuid, Assert.Single(h.Aws.Mappings.Keys));
        Assert.Equal(uuid, h.Stored(subscription).Status.EventSourceMappingUuid);
        Assert.Equal("True", h.Condition(subscription, ConditionTypes.Ready));
    }

    [Fact]
    public async Task A_create_that_conflicts_adopts_the_mapping_Lambda_names()
    {
        var h = new SubscriptionHarness();
        var subscription = h.Subscriptions.Put(ObjectBuilders.Subscription());
        await h.ReconcileAsync(subscription);
        var uuid = Assert.Single(h.Aws.Mappings.Keys);
        h.Stored(subscription).Status = new StreamSubscriptionStatus();
        // The listing misses the mapping, so the create runs into Lambda's one-mapping-per-stream-and-function rule.
        h.Aws.HiddenListings = 1;

        await h.ReconcileUntilSettledAsync(subscription);

        Assert.Equal(uuid, Assert.Single(h.Aws.Mappings.Keys));
        Assert.Equal(2, h.Aws.Calls.Count(c => c == "CreateEventSourceMapping"));
        Assert.Equal(uuid, h.Stored(subscription).Status.EventSourceMappingUuid);
        Assert.Equal("True", h.Condition(subscription, ConditionTypes.Ready));
    }

    [Fact]
    public async Task A_mapping_someone_else_created_on_the_same_stream_and_function_stalls_the_subscription_and_is_left_untouched()
    {
        var h = new SubscriptionHarness();
        var foreign = h.Aws.AddForeignMapping(OrdersStream, "order-processor", new Dictionary<string, string> { ["team"] = "payments" });
        var before = h.Aws.Mappings[foreign];
        var subscription = h.Subscriptions.Put(ObjectBuilders.Subscription(change: s => s.Mapping = new() { BatchSize = 10 }));

        await h.ReconcileUntilSettledAsync(subscription);

        Assert.Equal("True", h.Condition(subscription, ConditionTypes.Stalled));
        var mappingCondition = h.ConditionOf(subscription, ConditionTypes.EventSourceMappingReady);
        Assert.Equal(ConditionReasons.MappingConflict, mappingCondition.Reason);
        Assert.Contains(foreign, mappingCondition.Message, StringComparison.Ordinal);
        Assert.Contains(ApiGroup.AdoptMappingAnnotation, mappingCondition.Message, StringComparison.Ordinal);
        Assert.Equal(before, h.Aws.Mappings[foreign]);
        Assert.Equal(new Dictionary<string, string> { ["team"] = "payments" }, h.Aws.MappingTags[foreign]);
        Assert.DoesNotContain(h.Aws.Calls, c => c is "UpdateEventSourceMapping" or "DeleteEventSourceMapping" or "TagResource");
        Assert.Contains(h.Events.Events, e => e.Type == "Warning" && e.Reason == "MappingConflict");
    }

    [Fact]
    public async Task The_adopt_annotation_takes_over_the_named_mapping_tags_it_and_brings_it_to_the_spec()
    {
        var h = new SubscriptionHarness();
        var foreign = h.Aws.AddForeignMapping(OrdersStream, "order-processor");
        var subscription = ObjectBuilders.Subscription(change: s => s.Mapping = new() { BatchSize = 10 });
        subscription.Metadata.Annotations = new Dictionary<string, string> { [ApiGroup.AdoptMappingAnnotation] = foreign };
        subscription = h.Subscriptions.Put(subscription);

        await h.ReconcileUntilSettledAsync(subscription);

        Assert.Equal("True", h.Condition(subscription, ConditionTypes.Ready));
        Assert.Equal(foreign, Assert.Single(h.Aws.Mappings.Keys));
        Assert.Equal(10, h.Aws.Mappings[foreign].BatchSize);
        Assert.Equal("orders/orders-to-processor", h.Aws.MappingTags[foreign][ApiGroup.OwnerTag]);
        Assert.Equal(foreign, h.Stored(subscription).Status.EventSourceMappingUuid);
        Assert.Contains(h.Events.Events, e => e.Reason == "MappingAdopted");
    }

    [Fact]
    public async Task A_tag_added_to_the_spec_is_put_on_the_existing_mapping_and_a_resync_reads_no_tags()
    {
        var h = new SubscriptionHarness();
        var subscription = h.Subscriptions.Put(ObjectBuilders.Subscription());
        await h.ReconcileUntilSettledAsync(subscription);
        var uuid = Assert.Single(h.Aws.Mappings.Keys);
        await h.ReconcileAsync(subscription);
        Assert.DoesNotContain("ListTags", h.Aws.Calls);

        h.Subscriptions.UpdateSpec(ObjectKey.Of(subscription), s => s.Spec.Mapping = new() { Tags = new Dictionary<string, string> { ["cost-center"] = "42" } });
        await h.ReconcileUntilSettledAsync(subscription);

        Assert.Equal("42", h.Aws.MappingTags[uuid]["cost-center"]);
        Assert.Equal("orders/orders-to-processor", h.Aws.MappingTags[uuid][ApiGroup.OwnerTag]);
        Assert.Equal(1, h.Aws.Calls.Count(c => c == "TagResource"));
        Assert.Equal("True", h.Condition(subscription, ConditionTypes.Ready));
    }

    [Fact]
    public async Task A_create_conflict_naming_a_foreign_mapping_stalls_instead_of_adopting_it()
    {
        var h = new SubscriptionHarness();
        var foreign = h.Aws.AddForeignMapping(OrdersStream, "order-processor");
        // The listing misses it, so only Lambda's conflict reveals it.
        h.Aws.HiddenListings = 1;
        var subscription = h.Subscriptions.Put(ObjectBuilders.Subscription());

        await h.ReconcileAsync(subscription);
        await h.ReconcileAsync(subscription);

        Assert.Equal(ConditionReasons.MappingConflict, h.ConditionOf(subscription, ConditionTypes.EventSourceMappingReady).Reason);
        Assert.Null(h.Stored(subscription).Status.EventSourceMappingUuid);
        Assert.Equal(foreign, Assert.Single(h.Aws.Mappings.Keys));
        Assert.DoesNotContain(h.Aws.Calls, c => c is "UpdateEventSourceMapping" or "DeleteEventSourceMapping" or "TagResource");
    }

    [Fact]
    public async Task Deleting_a_subscription_never_deletes_a_mapping_it_does_not_own()
    {
        var h = new SubscriptionHarness();
        var foreign = h.Aws.AddForeignMapping(OrdersStream, "order-processor");
        var subscription = h.Subscriptions.Put(ObjectBuilders.Subscription());
        await h.ReconcileUntilSettledAsync(subscription);

        h.Subscriptions.MarkDeleted(ObjectKey.Of(subscription), h.Time.GetUtcNow().UtcDateTime);
        await h.ReconcileUntilSettledAsync(subscription);

        Assert.Null(h.Subscriptions.Get(ObjectKey.Of(subscription)));
        Assert.Equal("Enabled", h.Aws.Mappings[foreign].State);
        Assert.DoesNotContain("DeleteEventSourceMapping", h.Aws.Calls);
    }

    [Fact]
    public async Task Stream_rotation_moves_the_statement_and_the_mapping_to_the_new_stream()
    {
        var h = new SubscriptionHarness();
        var subscription = h.Subscriptions.Put(ObjectBuilders.Subscription());
        await h.ReconcileUntilSettledAsync(subscription);
        var oldUuid = Assert.Single(h.Aws.Mappings.Keys);

        h.Aws.WithTable(SubscriptionHarness.SourceAccount, "Orders", "2026-11-26T12:00:00.000");
        var newStream = FakeAws.StreamArn(SubscriptionHarness.SourceAccount, "Orders", "2026-11-26T12:00:00.000");
        await h.ReconcileUntilSettledAsync(subscription);

        var mapping = Assert.Single(h.Aws.Mappings.Values, m => m.State != "Deleting");
        Assert.Equal("Deleting", h.Aws.Mappings[oldUuid].State);
        Assert.NotEqual(oldUuid, mapping.Uuid);
        Assert.Equal(newStream, mapping.EventSourceArn);
        Assert.True(h.Aws.Policies.ContainsKey(newStream));
        Assert.False(h.Aws.Policies.ContainsKey(OrdersStream));
        Assert.Equal(newStream, h.Stored(subscription).Status.StreamArn);
        Assert.Equal("True", h.Condition(subscription, ConditionTypes.Ready));
        var creates = h.Aws.Calls.IndexOf("CreateEventSourceMapping", h.Aws.Calls.IndexOf("DescribeTable", 10));
        Assert.True(creates < h.Aws.Calls.LastIndexOf("DeleteEventSourceMapping"), "the new mapping is created before the old one is deleted");
    }

    [Fact]
    public async Task A_policy_changed_by_someone_else_between_read_and_write_is_merged_again()
    {
        var h = new SubscriptionHarness();
        var subscription = h.Subscriptions.Put(ObjectBuilders.Subscription());
        h.Aws.Fail("PutResourcePolicy", new AwsOperationException("dynamodb", "PutResourcePolicy", AwsErrorKind.RevisionMismatch, "PolicyNotFoundException", "changed"));

        await h.ReconcileUntilSettledAsync(subscription);

        Assert.Equal(2, h.Aws.Calls.Count(c => c == "PutResourcePolicy"));
        Assert.Equal("True", h.Condition(subscription, ConditionTypes.Ready));
    }

    [Fact]
    public async Task Throttling_keeps_Reconciling_and_hands_the_retry_to_the_runtime()
    {
        var h = new SubscriptionHarness();
        var subscription = h.Subscriptions.Put(ObjectBuilders.Subscription());
        h.Aws.Fail("GetResourcePolicy", new AwsOperationException("dynamodb", "GetResourcePolicy", AwsErrorKind.Throttled, "ThrottlingException", "Rate exceeded"));

        await Assert.ThrowsAsync<AwsOperationException>(() => h.ReconcileAsync(subscription));

        Assert.Equal("True", h.Condition(subscription, ConditionTypes.Reconciling));
        Assert.Equal("False", h.Condition(subscription, ConditionTypes.Stalled));
        Assert.Equal(ConditionReasons.Throttled, h.ConditionOf(subscription, ConditionTypes.Ready).Reason);
    }

    [Fact]
    public async Task Missing_stream_access_is_retried_during_the_grace_period_and_then_stalls_with_AWSs_message()
    {
        var h = new SubscriptionHarness();
        var subscription = h.Subscriptions.Put(ObjectBuilders.Subscription());
        const string message = "Cannot access stream arn:aws:dynamodb:eu-west-1:111111111111:table/Orders/stream/x. Please ensure the role can perform the GetRecords, GetShardIterator, DescribeStream, and ListStreams Actions on your stream in IAM.";
        h.Aws.Fail("CreateEventSourceMapping", new InvalidParameterValueException("CreateEventSourceMapping", message, HttpStatusCode.BadRequest));
        await Assert.ThrowsAsync<InvalidParameterValueException>(() => h.ReconcileAsync(subscription));
        Assert.Equal("True", h.Condition(subscription, ConditionTypes.Reconciling));

        h.Time.Advance(h.Settings.AccessDeniedGrace + TimeSpan.FromSeconds(1));
        h.Aws.Fail("CreateEventSourceMapping", new InvalidParameterValueException("CreateEventSourceMapping", message, HttpStatusCode.BadRequest));
        var result = await h.ReconcileAsync(subscription);

        Assert.Equal(h.Settings.StalledRecheck, result.RequeueAfter);
        var stalled = h.ConditionOf(subscription, ConditionTypes.Stalled);
        Assert.Equal("True", stalled.Status);
        Assert.Equal(ConditionReasons.StreamAccessDenied, stalled.Reason);
        Assert.Contains("Please ensure the role can perform", stalled.Message, StringComparison.Ordinal);
        Assert.Equal("False", h.Condition(subscription, ConditionTypes.EventSourceMappingReady));
    }

    [Fact]
    public async Task A_missing_function_stalls_without_touching_the_stream_policy()
    {
        var h = new SubscriptionHarness();
        var subscription = h.Subscriptions.Put(ObjectBuilders.Subscription(function: "no-such-function"));

        await h.ReconcileAsync(subscription);

        Assert.Empty(h.Aws.Writes);
        Assert.Equal(ConditionReasons.FunctionNotFound, h.ConditionOf(subscription, ConditionTypes.Stalled).Reason);
        Assert.Contains("spec.target.functionName", h.ConditionOf(subscription, ConditionTypes.Stalled).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_table_without_stream_stalls()
    {
        var h = new SubscriptionHarness();
        h.Aws.Tables["Orders"] = new TableStream("Orders", false, null, null);
        var subscription = h.Subscriptions.Put(ObjectBuilders.Subscription());

        await h.ReconcileAsync(subscription);

        Assert.Empty(h.Aws.Writes);
        Assert.Equal(ConditionReasons.StreamNotEnabled, h.ConditionOf(subscription, ConditionTypes.Stalled).Reason);
    }

    [Fact]
    public async Task Observe_only_reports_drift_and_never_writes()
    {
        var h = new SubscriptionHarness();
        var subscription = h.Subscriptions.Put(ObjectBuilders.Subscription(change: s => s.ManagementPolicy = ManagementPolicy.ObserveOnly));

        await h.ReconcileAsync(subscription);

        Assert.Empty(h.Aws.Writes);
        Assert.Empty(h.Subscriptions.FinalizerLog);
        Assert.Equal(ConditionReasons.Drifted, h.ConditionOf(subscription, ConditionTypes.Ready).Reason);
        Assert.Equal("False", h.Condition(subscription, ConditionTypes.Ready));
        Assert.Equal("True", h.Condition(subscription, ConditionTypes.Stalled));
        Assert.Equal("False", h.Condition(subscription, ConditionTypes.Reconciling));
    }

    [Fact]
    public async Task Paused_makes_no_AWS_call_and_only_acknowledges_the_pause_in_status()
    {
        var h = new SubscriptionHarness();
        var subscription = h.Subscriptions.Put(ObjectBuilders.Subscription(change: s => s.ManagementPolicy = ManagementPolicy.Paused));

        var result = await h.ReconcileAsync(subscription);
        await h.ReconcileAsync(subscription);

        Assert.Equal(ReconcileResult.Done, result);
        Assert.Empty(h.Aws.Calls);
        Assert.Equal(1, h.Subscriptions.StatusWrites);
        Assert.Equal(1, h.Stored(subscription).Status.ObservedGeneration);
        var ready = h.ConditionOf(subscription, ConditionTypes.Ready);
        Assert.Equal(("Unknown", ConditionReasons.Paused), (ready.Status, ready.Reason));
        Assert.Equal("False", h.Condition(subscription, ConditionTypes.Reconciling));
        Assert.Equal("False", h.Condition(subscription, ConditionTypes.Stalled));
    }

    [Fact]
    public async Task Pausing_a_Ready_subscription_keeps_Ready_true_for_the_new_generation_and_leaves_AWS_alone()
    {
        var h = new SubscriptionHarness();
        var subscription = h.Subscriptions.Put(ObjectBuilders.Subscription());
        await h.ReconcileUntilSettledAsync(subscription);
        var calls = h.Aws.Calls.Count;

        h.Subscriptions.UpdateSpec(ObjectKey.Of(subscription), s => s.Spec.ManagementPolicy = ManagementPolicy.Paused);
        await h.ReconcileAsync(subscription);

        Assert.Equal(calls, h.Aws.Calls.Count);
        var stored = h.Stored(subscription);
        Assert.Equal(2, stored.Metadata.Generation);
        Assert.Equal(2, stored.Status.ObservedGeneration);
        var ready = h.ConditionOf(subscription, ConditionTypes.Ready);
        Assert.Equal(("True", ConditionReasons.Paused), (ready.Status, ready.Reason));
        Assert.Contains("paused", ready.Message, StringComparison.Ordinal);
        Assert.Equal(stored.Status.EventSourceMappingUuid, Assert.Single(h.Aws.Mappings.Keys));
    }

    [Fact]
    public async Task Two_subscriptions_on_one_stream_keep_both_statements()
    {
        var h = new SubscriptionHarness();
        var orders = h.Subscriptions.Put(ObjectBuilders.Subscription());
        var analytics = h.Subscriptions.Put(ObjectBuilders.Subscription(name: "orders-to-analytics", function: "analytics-ingest"));

        await Task.WhenAll(h.ReconcileUntilSettledAsync(orders), h.ReconcileUntilSettledAsync(analytics));

        var policy = StreamPolicyDocument.Parse(h.Aws.Policies[OrdersStream].Document);
        Assert.NotNull(policy.Find(h.Stored(orders).Status.PolicyStatementId!));
        Assert.NotNull(policy.Find(h.Stored(analytics).Status.PolicyStatementId!));
        Assert.Equal(2, h.Aws.Mappings.Count);
    }

    [Fact]
    public async Task More_than_two_readers_on_one_stream_are_warned_about()
    {
        var h = new SubscriptionHarness();
        h.Aws.WithFunction(SubscriptionHarness.TargetAccount, "third", "third-exec");
        V1Alpha1StreamSubscription[] subscriptions =
        [
            h.Subscriptions.Put(ObjectBuilders.Subscription()),
            h.Subscriptions.Put(ObjectBuilders.Subscription(name: "b", function: "analytics-ingest")),
            h.Subscriptions.Put(ObjectBuilders.Subscription(name: "c", function: "third")),
        ];

        foreach (var subscription in subscriptions)
        {
            await h.ReconcileUntilSettledAsync(subscription);
        }

        Assert.Contains("3 principals read this stream", h.ConditionOf(subscriptions[2], ConditionTypes.StreamPolicyReady).Message, StringComparison.Ordinal);
        Assert.Contains(h.Events.Events, e => e.Type == "Warning" && e.Reason == "ManyStreamReaders");
    }

    [Fact]
    public async Task Delete_after_a_lost_status_write_still_finds_and_removes_the_mapping_and_the_statement()
    {
        var h = new SubscriptionHarness();
        var subscription = h.Subscriptions.Put(ObjectBuilders.Subscription());
        await h.ReconcileUntilSettledAsync(subscription);
        var finalizers = h.Stored(subscription).Metadata.Finalizers;
        h.Stored(subscription).Status = new StreamSubscriptionStatus();

        h.Subscriptions.MarkDeleted(ObjectKey.Of(subscription), h.Time.GetUtcNow().UtcDateTime);
        await h.ReconcileUntilSettledAsync(subscription);

        Assert.NotEmpty(finalizers!);
        Assert.Empty(h.Aws.Mappings);
        Assert.False(h.Aws.Policies.ContainsKey(OrdersStream));
        Assert.Null(h.Subscriptions.Get(ObjectKey.Of(subscription)));
    }

    [Fact]
    public async Task An_account_not_verified_yet_makes_the_subscription_Reconciling_and_looked_at_again_soon_without_AWS_calls()
    {
        var h = new SubscriptionHarness();
        var unverified = ObjectBuilders.Account("target", SubscriptionHarness.TargetAccount, "stream-subscription-target", "target-external-id");
        unverified.Status = new AwsAccountStatus();
        h.Accounts.Put(unverified);
        var subscription = h.Subscriptions.Put(ObjectBuilders.Subscription());

        var result = await h.ReconcileAsync(subscription);

        Assert.Equal(h.Settings.ProgressRequeue, result.RequeueAfter);
        Assert.Empty(h.Aws.Calls);
        Assert.Equal("True", h.Condition(subscription, ConditionTypes.Reconciling));
        Assert.Equal("False", h.Condition(subscription, ConditionTypes.Stalled));
        Assert.Equal(ConditionReasons.AccountNotReady, h.ConditionOf(subscription, ConditionTypes.Ready).Reason);
    }

    [Fact]
    public async Task A_throttled_recheck_of_a_Ready_subscription_keeps_Ready_until_the_tolerance_runs_out()
    {
        var h = new SubscriptionHarness();
        var subscription = h.Subscriptions.Put(ObjectBuilders.Subscription());
        await h.ReconcileUntilSettledAsync(subscription);
        var statusWrites = h.Subscriptions.StatusWrites;
        AwsOperationException Throttled() => new("lambda", "GetEventSourceMapping", AwsErrorKind.Throttled, "TooManyRequestsException", "Rate exceeded");

        h.Aws.Fail("GetEventSourceMapping", Throttled());
        await Assert.ThrowsAsync<AwsOperationException>(() => h.ReconcileAsync(subscription));

        Assert.Equal(statusWrites, h.Subscriptions.StatusWrites);
        Assert.Equal("True", h.Condition(subscription, ConditionTypes.Ready));

        h.Time.Advance(h.Settings.TransientErrorTolerance);
        h.Aws.Fail("GetEventSourceMapping", Throttled());
        await Assert.ThrowsAsync<AwsOperationException>(() => h.ReconcileAsync(subscription));

        Assert.Equal("False", h.Condition(subscription, ConditionTypes.Ready));
        Assert.Equal("True", h.Condition(subscription, ConditionTypes.Reconciling));
        Assert.Contains("Rate exceeded", h.ConditionOf(subscription, ConditionTypes.Ready).Message, StringComparison.Ordinal);

        await h.ReconcileAsync(subscription);
        Assert.Equal("True", h.Condition(subscription, ConditionTypes.Ready));
    }

    [Fact]
    public async Task Delete_while_an_account_is_gone_keeps_the_finalizer_and_says_how_to_proceed()
    {
        var h = new SubscriptionHarness();
        var subscription = h.Subscriptions.Put(ObjectBuilders.Subscription());
        await h.ReconcileUntilSettledAsync(subscription);
        h.Accounts.Put(ObjectBuilders.Account("target", SubscriptionHarness.TargetAccount, "stream-subscription-target", "target-external-id", ready: false));
        h.Aws.Calls.Clear();

        h.Subscriptions.MarkDeleted(ObjectKey.Of(subscription), h.Time.GetUtcNow().UtcDateTime);
        var result = await h.ReconcileAsync(subscription);

        Assert.Equal(h.Settings.StalledRecheck, result.RequeueAfter);
        Assert.Empty(h.Aws.Calls);
        Assert.NotNull(h.Subscriptions.Get(ObjectKey.Of(subscription)));
        Assert.Contains("set spec.deletionPolicy to Retain", h.ConditionOf(subscription, ConditionTypes.Stalled).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_principal_for_a_fresh_role_is_retried_for_a_while_then_stalls()
    {
        var h = new SubscriptionHarness();
        var subscription = h.Subscriptions.Put(ObjectBuilders.Subscription());
        AwsOperationException InvalidPrincipal() => new("dynamodb", "PutResourcePolicy", AwsErrorKind.InvalidPrincipal, "ValidationException",
            "One or more parameter values were invalid: Invalid principal in policy document.");
        h.Aws.Fail("PutResourcePolicy", InvalidPrincipal());

        await Assert.ThrowsAsync<AwsOperationException>(() => h.ReconcileAsync(subscription));
        Assert.Equal("True", h.Condition(subscription, ConditionTypes.Reconciling));

        h.Time.Advance(h.Settings.InvalidPrincipalGrace);
        h.Aws.Fail("PutResourcePolicy", InvalidPrincipal());
        await h.ReconcileAsync(subscription);

        var stalled = h.ConditionOf(subscription, ConditionTypes.Stalled);
        Assert.Equal("True", stalled.Status);
        Assert.Contains("Invalid principal in policy document", stalled.Message, StringComparison.Ordinal);
        Assert.Empty(h.Aws.Mappings);
    }

    [Fact]
    public async Task Observe_only_over_a_subscription_in_place_is_Ready_and_writes_nothing()
    {
        var h = new SubscriptionHarness();
        var subscription = h.Subscriptions.Put(ObjectBuilders.Subscription());
        await h.ReconcileUntilSettledAsync(subscription);
        h.Subscriptions.UpdateSpec(ObjectKey.Of(subscription), s => s.Spec.ManagementPolicy = ManagementPolicy.ObserveOnly);
        h.Aws.Calls.Clear();

        await h.ReconcileAsync(subscription);

        Assert.Empty(h.Aws.Writes);
        Assert.Equal("True", h.Condition(subscription, ConditionTypes.Ready));
    }
}
