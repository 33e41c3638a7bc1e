using Amazon.DynamoDBv2.Model;
using CrossAccountStreams.Entities;
using CrossAccountStreams.Entities.V1Alpha1;
using CrossAccountStreams.Operator.IntegrationTests.Support;
using CrossAccountStreams.Operator.Reconciliation.Policy;
using CrossAccountStreams.Operator.Runtime;
using LocalAws;

namespace CrossAccountStreams.Operator.IntegrationTests.Reconciliation;

/// <summary>The subscription reconciler against LocalAws over HTTP: real SigV4, real wire protocols, real IAM checks.</summary>
public sealed class StreamSubscriptionReconcilerTests
{
    [Fact]
    public async Task First_reconcile_creates_the_statement_and_the_mapping_and_Ready_follows_once_the_mapping_is_Enabled()
    {
        await using var aws = await LocalAwsHarness.StartAsync();
        await aws.AddVerifiedAccountsAsync();
        var subscription = aws.Subscriptions.Put(LocalAwsHarness.Subscription());

        var first = await aws.ReconcileAsync(subscription);

        Assert.NotNull(first.RequeueAfter);
        var stream = aws.Server.World.Stream(aws.OrdersStreamArn)!;
        var policy = StreamPolicyDocument.Parse(stream.Policy!);
        var statement = policy.Find(aws.Stored(subscription)!.Status.PolicyStatementId!)!;
        Assert.Equal(DefaultWorld.OrderProcessorExecutionRoleArn, statement["Principal"]!["AWS"]!.GetValue<string>());
        var mapping = Assert.Single(aws.Server.World.Mappings);
        Assert.Equal(aws.OrdersStreamArn, mapping.EventSourceArn);
        Assert.Equal(DefaultWorld.OrderProcessorFunctionArn, mapping.FunctionArn);
        Assert.Equal("False", aws.Condition(subscription, ConditionTypes.Ready).Status);
        Assert.Equal("True", aws.Condition(subscription, ConditionTypes.Reconciling).Status);

        await aws.ReconcileUntilSettledAsync(subscription);

        Assert.Equal("True", aws.Condition(subscription, ConditionTypes.Ready).Status);
        Assert.Equal("False", aws.Condition(subscription, ConditionTypes.Reconciling).Status);
        Assert.Equal("False", aws.Condition(subscription, ConditionTypes.Stalled).Status);
        var status = aws.Stored(subscription)!.Status;
        Assert.Equal(mapping.Uuid, status.EventSourceMappingUuid);
        Assert.Equal("Enabled", status.EventSourceMappingState);
        Assert.Equal(DefaultWorld.OrderProcessorExecutionRoleArn, status.ExecutionRoleArn);
        Assert.Contains(ApiGroup.Finalizer, aws.Stored(subscription)!.Metadata.Finalizers!);
    }

    [Fact]
    public async Task A_second_reconcile_of_a_Ready_subscription_makes_no_AWS_write()
    {
        await using var aws = await LocalAwsHarness.StartAsync();
        await aws.AddVerifiedAccountsAsync();
        var subscription = aws.Subscriptions.Put(LocalAwsHarness.Subscription());
        await aws.ReconcileUntilSettledAsync(subscription);
        aws.Server.World.ClearCalls();
        var statusWrites = aws.Subscriptions.StatusWrites;

        var result = await aws.ReconcileAsync(subscription);

        Assert.Equal(ReconcileResult.Done, result);
        Assert.Empty(aws.Writes());
        Assert.NotEmpty(aws.Server.World.Calls);
        Assert.Equal(statusWrites, aws.Subscriptions.StatusWrites);
    }

    [Fact]
    public async Task A_spec_change_updates_only_what_changed()
    {
        await using var aws = await LocalAwsHarness.StartAsync();
        await aws.AddVerifiedAccountsAsync();
        var subscription = aws.Subscriptions.Put(LocalAwsHarness.Subscription());
        await aws.ReconcileUntilSettledAsync(subscription);
        var uuid = aws.Stored(subscription)!.Status.EventSourceMappingUuid!;
        var policyBefore = aws.Server.World.Stream(aws.OrdersStreamArn)!.PolicyRevisionId;
        aws.Server.World.ClearCalls();

        aws.Subscriptions.UpdateSpec(ObjectKey.Of(subscription), s => s.Spec.Mapping = new MappingSpec { BatchSize = 25 });
        await aws.ReconcileUntilSettledAsync(subscription);

        Assert.Equal(["UpdateEventSourceMapping"], aws.Writes().Select(c => c.Operation));
        var mapping = aws.Server.World.Mapping(uuid)!;
        Assert.Equal(25, mapping.BatchSize);
        Assert.Equal(policyBefore, aws.Server.World.Stream(aws.OrdersStreamArn)!.PolicyRevisionId);
        Assert.Equal("True", aws.Condition(subscription, ConditionTypes.Ready).Status);
        Assert.Equal(2, aws.Condition(subscription, ConditionTypes.Ready).ObservedGeneration);
    }

    [Fact]
    public async Task A_statement_added_by_someone_else_survives_every_reconcile_and_the_delete()
    {
        await using var aws = await LocalAwsHarness.StartAsync();
        await aws.AddVerifiedAccountsAsync();
        const string foreign = """{"Version":"2012-10-17","Statement":[{"Sid":"AnalyticsTeam","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::222222222222:role/analytics-ingest-exec"},"Action":["dynamodb:DescribeStream"],"Resource":"*"}]}""";
        using (var root = aws.SourceAccountRoot())
        {
            await root.PutResourcePolicyAsync(new PutResourcePolicyRequest { ResourceArn = aws.OrdersStreamArn, Policy = foreign, ExpectedRevisionId = "NO_POLICY" });
        }

        var subscription = aws.Subscriptions.Put(LocalAwsHarness.Subscription());
        await aws.ReconcileUntilSettledAsync(subscription);
        aws.Subscriptions.UpdateSpec(ObjectKey.Of(subscription), s => s.Spec.Mapping = new MappingSpec { BatchSize = 10 });
        await aws.ReconcileUntilSettledAsync(subscription);

        var merged = StreamPolicyDocument.Parse(aws.Server.World.Stream(aws.OrdersStreamArn)!.Policy!);
        Assert.NotNull(merged.Find("AnalyticsTeam"));
        Assert.Equal(2, merged.Statements.Count);

        aws.Subscriptions.MarkDeleted(ObjectKey.Of(subscription), DateTime.UtcNow);
        await aws.ReconcileUntilSettledAsync(subscription);

        Assert.Null(aws.Stored(subscription));
        Assert.Empty(aws.Server.World.Mappings);
        var left = StreamPolicyDocument.Parse(aws.Server.World.Stream(aws.OrdersStreamArn)!.Policy!);
        Assert.True(left.SemanticallyEquals(StreamPolicyDocument.Parse(foreign)));
    }

    [Fact]
    public async Task Delete_removes_the_mapping_and_the_policy_it_alone_needed_then_releases_the_finalizer()
    {
        await using var aws = await LocalAwsHarness.StartAsync();
        await aws.AddVerifiedAccountsAsync();
        var subscription = aws.Subscriptions.Put(LocalAwsHarness.Subscription());
        await aws.ReconcileUntilSettledAsync(subscription);

        aws.Subscriptions.MarkDeleted(ObjectKey.Of(subscription), DateTime.UtcNow);
        await aws.ReconcileUntilSettledAsync(subscription);

        Assert.Null(aws.Stored(subscription));
        Assert.Empty(aws.Server.World.Mappings);
        Assert.Null(aws.Server.World.Stream(aws.OrdersStreamArn)!.Policy);
        var writes = aws.Writes().Select(c => c.Operation).ToList();
        Assert.True(writes.IndexOf("DeleteEventSourceMapping") < writes.IndexOf("DeleteResourcePolicy"), string.Join(", ", writes));
    }

    [Fact]
    public async Task Two_subscriptions_on_one_stream_reconciled_concurrently_both_keep_their_statements()
    {
        await using var aws = await LocalAwsHarness.StartAsync();
        await aws.AddVerifiedAccountsAsync();
        var orders = aws.Subscriptions.Put(LocalAwsHarness.Subscription());
        var analytics = aws.Subscriptions.Put(LocalAwsHarness.Subscription("orders-to-analytics", function: DefaultWorld.AnalyticsIngestFunctionName));

        await Task.WhenAll(aws.ReconcileUntilSettledAsync(orders), aws.ReconcileUntilSettledAsync(analytics));

        var policy = StreamPolicyDocument.Parse(aws.Server.World.Stream(aws.OrdersStreamArn)!.Policy!);
        Assert.Equal(DefaultWorld.OrderProcessorExecutionRoleArn, policy.Find(aws.Stored(orders)!.Status.PolicyStatementId!)!["Principal"]!["AWS"]!.GetValue<string>());
        Assert.Equal(DefaultWorld.AnalyticsIngestExecutionRoleArn, policy.Find(aws.Stored(analytics)!.Status.PolicyStatementId!)!["Principal"]!["AWS"]!.GetValue<string>());
        Assert.Equal(2, aws.Server.World.Mappings.Count);
        Assert.Equal("True", aws.Condition(orders, ConditionTypes.Ready).Status);
        Assert.Equal("True", aws.Condition(analytics, ConditionTypes.Ready).Status);
    }

    [Fact]
    public async Task A_crash_after_CreateEventSourceMapping_before_the_status_write_is_followed_by_adoption_not_a_duplicate()
    {
        await using var aws = await LocalAwsHarness.StartAsync();
        await aws.AddVerifiedAccountsAsync();
        var subscription = aws.Subscriptions.Put(LocalAwsHarness.Subscription());
        await aws.ReconcileAsync(subscription);
        var created = Assert.Single(aws.Server.World.Mappings);
        // The status write never happened: status knows nothing of the mapping.
        aws.Stored(subscription)!.Status = new StreamSubscriptionStatus();

        await aws.ReconcileUntilSettledAsync(subscription);

        Assert.Equal(created.Uuid, Assert.Single(aws.Server.World.Mappings).Uuid);
        Assert.Equal(created.Uuid, aws.Stored(subscription)!.Status.EventSourceMappingUuid);
        Assert.Equal("True", aws.Condition(subscription, ConditionTypes.Ready).Status);
    }

    [Fact]
    public async Task A_second_subscription_for_the_same_stream_and_function_stalls_naming_the_owner_and_its_deletion_leaves_the_first_intact()
    {
        await using var aws = await LocalAwsHarness.StartAsync();
        await aws.AddVerifiedAccountsAsync();
        var first = aws.Subscriptions.Put(LocalAwsHarness.Subscription());
        await aws.ReconcileUntilSettledAsync(first);
        var owned = Assert.Single(aws.Server.World.Mappings);
        var second = aws.Subscriptions.Put(LocalAwsHarness.Subscription("orders-again", change: s => s.Mapping = new() { BatchSize = 7 }));

        await aws.ReconcileUntilSettledAsync(second);

        var conflict = aws.Condition(second, ConditionTypes.EventSourceMappingReady);
        Assert.Equal(ConditionReasons.MappingConflict, conflict.Reason);
        Assert.Contains($"StreamSubscription {LocalAwsHarness.Namespace}/orders-to-processor", conflict.Message, StringComparison.Ordinal);
        Assert.Equal("True", aws.Condition(second, ConditionTypes.Stalled).Status);
        Assert.Equal(100, Assert.Single(aws.Server.World.Mappings).BatchSize);

        aws.Subscriptions.MarkDeleted(ObjectKey.Of(second), DateTime.UtcNow);
        await aws.ReconcileUntilSettledAsync(second);
        await aws.ReconcileAsync(first);

        Assert.Null(aws.Stored(second));
        Assert.Equal(owned.Uuid, Assert.Single(aws.Server.World.Mappings).Uuid);
        Assert.Equal("True", aws.Condition(first, ConditionTypes.Ready).Status);
    }

    [Fact]
    public async Task Stream_rotation_moves_both_the_statement_and_the_mapping_to_the_new_stream()
    {
        await using var aws = await LocalAwsHarness.StartAsync();
        await aws.AddVerifiedAccountsAsync();
        var subscription = aws.Subscriptions.Put(LocalAwsHarness.Subscription());
        await aws.ReconcileUntilSettledAsync(subscription);
        var oldStream = aws.OrdersStreamArn;
        var oldUuid = aws.Stored(subscription)!.Status.EventSourceMappingUuid!;
        var sid = aws.Stored(subscription)!.Status.PolicyStatementId!;

        using (var root = aws.SourceAccountRoot())
        {
            await root.UpdateTableAsync(new UpdateTableRequest { TableName = DefaultWorld.OrdersTableName, StreamSpecification = new StreamSpecification { StreamEnabled = false } });
            await Task.Delay(10); // stream labels are creation timestamps
            await root.UpdateTableAsync(new UpdateTableRequest
            {
                TableName = DefaultWorld.OrdersTableName,
                StreamSpecification = new StreamSpecification { StreamEnabled = true, StreamViewType = "NEW_AND_OLD_IMAGES" },
            });
        }

        var newStream = aws.OrdersStreamArn;
        Assert.NotEqual(oldStream, newStream);
        await aws.ReconcileUntilSettledAsync(subscription);

        var mapping = Assert.Single(aws.Server.World.Mappings);
        Assert.NotEqual(oldUuid, mapping.Uuid);
        Assert.Equal(newStream, mapping.EventSourceArn);
        Assert.NotNull(StreamPolicyDocument.Parse(aws.Server.World.Stream(newStream)!.Policy!).Find(sid));
        var oldPolicy = aws.Server.World.Stream(oldStream)!.Policy;
        Assert.True(oldPolicy is null || StreamPolicyDocument.Parse(oldPolicy).Find(sid) is null);
        Assert.Equal(newStream, aws.Stored(subscription)!.Status.StreamArn);
        Assert.Equal("True", aws.Condition(subscription, ConditionTypes.Ready).Status);
    }

    [Fact]
    public async Task Missing_permission_to_write_the_stream_policy_stalls_with_AWSs_message()
    {
        var seed = DefaultWorld.Create();
        var source = seed.Accounts.Single(a => a.Id == DefaultWorld.SourceAccountId);
        var role = source.Roles.Single(r => r.Name == "stream-subscription-source");
        source.Roles[source.Roles.IndexOf(role)] = role with
        {
            Policies = [System.Text.Json.Nodes.JsonNode.Parse("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["dynamodb:DescribeTable","dynamodb:GetResourcePolicy"],"Resource":"*"}]}""")!],
        };
        await using var aws = await LocalAwsHarness.StartAsync(seed, settings => settings["Reconciliation:AccessDeniedGrace"] = "00:00:00");
        await aws.AddVerifiedAccountsAsync();
        var subscription = aws.Subscriptions.Put(LocalAwsHarness.Subscription());

        await aws.ReconcileAsync(subscription);

        var stalled = aws.Condition(subscription, ConditionTypes.Stalled);
        Assert.Equal("True", stalled.Status);
        Assert.Equal(ConditionReasons.AccessDenied, stalled.Reason);
        Assert.Contains("DynamoDB PutResourcePolicy failed while writing the resource policy of stream", stalled.Message, StringComparison.Ordinal);
        Assert.Contains("dynamodb:PutResourcePolicy", stalled.Message, StringComparison.Ordinal);
        Assert.Equal("False", aws.Condition(subscription, ConditionTypes.Reconciling).Status);
        Assert.Equal("False", aws.Condition(subscription, ConditionTypes.StreamPolicyReady).Status);
        Assert.Empty(aws.Server.World.Mappings);
    }

    [Fact]
    public async Task A_namespace_not_allowed_to_use_the_accounts_stalls_with_a_clear_message_and_no_AWS_call()
    {
        await using var aws = await LocalAwsHarness.StartAsync();
        await aws.AddVerifiedAccountsAsync();
        aws.Server.World.ClearCalls();
        var subscription = aws.Subscriptions.Put(LocalAwsHarness.Subscription(ns: "payments"));

        await aws.ReconcileAsync(subscription);

        Assert.Empty(aws.Server.World.Calls);
        var stalled = aws.Condition(subscription, ConditionTypes.Stalled);
        Assert.Equal("True", stalled.Status);
        Assert.Equal(ConditionReasons.NamespaceNotAllowed, stalled.Reason);
        Assert.Equal(
            "Namespace \"payments\" may not use AwsAccount \"source\": it is neither listed in spec.allowedNamespaces.names nor matched by spec.allowedNamespaces.selector.",
            stalled.Message);
        Assert.Equal("False", aws.Condition(subscription, ConditionTypes.AccountsAuthorized).Status);
    }

    [Fact]
    public async Task Delete_with_Retain_leaves_AWS_untouched()
    {
        await using var aws = await LocalAwsHarness.StartAsync();
        await aws.AddVerifiedAccountsAsync();
        var subscription = aws.Subscriptions.Put(LocalAwsHarness.Subscription(change: s => s.DeletionPolicy = DeletionPolicy.Retain));
        await aws.ReconcileUntilSettledAsync(subscription);
        var policy = aws.Server.World.Stream(aws.OrdersStreamArn)!.Policy;
        aws.Server.World.ClearCalls();

        aws.Subscriptions.MarkDeleted(ObjectKey.Of(subscription), DateTime.UtcNow);
        await aws.ReconcileUntilSettledAsync(subscription);

        Assert.Null(aws.Stored(subscription));
        Assert.Empty(aws.Server.World.Calls);
        Assert.Equal("Enabled", Assert.Single(aws.Server.World.Mappings).State);
        Assert.Equal(policy, aws.Server.World.Stream(aws.OrdersStreamArn)!.Policy);
    }

    [Theory]
    [InlineData("order-processor:live")]
    [InlineData("arn:aws:lambda:eu-west-1:222222222222:function:order-processor")]
    [InlineData("222222222222:function:order-processor")]
    public async Task A_function_named_by_alias_or_ARN_reaches_Ready_and_stays_in_sync(string functionName)
    {
        await using var aws = await LocalAwsHarness.StartAsync();
        await aws.AddVerifiedAccountsAsync();
        var subscription = aws.Subscriptions.Put(LocalAwsHarness.Subscription(function: functionName));

        await aws.ReconcileUntilSettledAsync(subscription);
        aws.Server.World.ClearCalls();
        await aws.ReconcileAsync(subscription);

        Assert.True(aws.Condition(subscription, ConditionTypes.Ready).Status == "True", aws.Condition(subscription, ConditionTypes.Ready).Message);
        Assert.Equal(DefaultWorld.OrderProcessorExecutionRoleArn, aws.Stored(subscription)!.Status.ExecutionRoleArn);
        Assert.Single(aws.Server.World.Mappings);
        Assert.Empty(aws.Writes());
    }
}
