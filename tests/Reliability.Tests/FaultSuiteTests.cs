using System.Diagnostics;
using System.Text.Json.Nodes;
using CrossAccountStreams.Entities;
using CrossAccountStreams.Entities.V1Alpha1;
using CrossAccountStreams.Reliability.Tests.Chaos;
using CrossAccountStreams.Reliability.Tests.Cluster;
using CrossAccountStreams.Reliability.Tests.Operator;
using CrossAccountStreams.Reliability.Tests.Reporting;
using CrossAccountStreams.Reliability.Tests.World;
using CrossAccountStreams.TestSupport;
using LocalAws;
using LocalKube;
using Xunit.Abstractions;

namespace CrossAccountStreams.Reliability.Tests;

/// <summary>
/// The operator process against LocalKube and LocalAws with everything going wrong at once: 30% of AWS calls
/// throttled, 5% answered 5xx, every call delayed by up to 500 ms, DynamoDB's policy-update cool-down, watch drops
/// and 410s, status-update conflicts, and the operator killed with SIGKILL at random moments and right after Lambda
/// created a mapping. 200 subscriptions must still end Ready with exactly their own mapping and statement, and leave
/// nothing of theirs behind once deleted, while what others put in the accounts stays exactly as it was.
/// </summary>
public sealed class FaultSuiteTests(ITestOutputHelper output) : IDisposable
{
    private const int Seed = 20261127;
    private const string StatementPrefix = "StreamSubscription";
    private const int RestartsWhileCreating = 12;
    private const int CrashesAfterCreate = 3;
    private const int RestartsWhileDeleting = 8;
    private static readonly TimeSpan PolicyCoolDown = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan PhaseLimit = TimeSpan.FromSeconds(300);
    private readonly string state = Directory.CreateTempSubdirectory("fault-suite-").FullName;
    private bool passed;

    [Fact]
    public async Task Two_hundred_subscriptions_converge_and_clean_up_through_AWS_faults_API_server_faults_and_operator_kills()
    {
        var planned = FaultWorld.Subscriptions;
        Assert.Equal(200, planned.Count);
        var total = Stopwatch.StartNew();
        var phases = new List<(string, TimeSpan)>();

        await using var aws = await LocalAwsServer.StartAsync(new LocalAwsOptions
        {
            Seed = FaultWorld.Seed(),
            RandomSeed = Seed,
            RateLimitsEnabled = false,
            MappingTransitionDelay = TimeSpan.FromMilliseconds(500),
        });
        await using var kube = await LocalKubeServer.StartAsync(new LocalKubeOptions
        {
            CrdDirectory = RepoPaths.Combine("config", "crds"),
            KubeconfigPath = Path.Combine(state, "kubeconfig"),
            FaultSeed = Seed,
        });
        using var client = kube.CreateClient();
        var store = new SubscriptionStore(client);
        await store.CreateNamespacesAsync();
        await store.CreateAccountsAsync();
        var foreign = await ForeignGrants.PlaceAsync(aws);
        var streamArns = FaultWorld.Streams.ToDictionary(s => s, s => aws.World.LatestStreamArn(s.Account.Id, s.Table)!);
        output.WriteLine($"World: {FaultWorld.Sources.Count} source accounts, {FaultWorld.Targets.Count} target accounts, {streamArns.Count} streams, "
            + $"{planned.Count} subscriptions (up to {planned.GroupBy(p => p.Stream).Max(g => g.Count())} per stream), "
            + $"{foreign.StatementCount} foreign statements in {foreign.Policies.Count} stream policies, {foreign.Mappings.Count} foreign mappings");

        InjectFaults(aws, kube);
        using var log = new OperatorLog(Path.Combine(state, "operator.log"));
        output.WriteLine($"Operator {OperatorChild.Assembly}, log {log.Path}");
        using var chaos = new OperatorChaos(
            () => OperatorChild.Start(OperatorLaunch.Create(kube.KubeconfigPath, aws.Endpoint), log), aws, kube, Seed, output.WriteLine);
        chaos.StartOperator();
        try
        {
            await CreateAndDeleteAsync(aws, store, chaos, log, streamArns, foreign, phases);
            passed = true;
        }
        finally
        {
            phases.Add(("setup and checks", total.Elapsed - TimeSpan.FromTicks(phases.Sum(p => p.Item2.Ticks))));
            output.WriteLine(FaultTally.Format(aws, kube, chaos.Restarts, chaos.CrashesAfterCreate.Count, planned.Count, phases));
        }
    }

    private async Task CreateAndDeleteAsync(
        LocalAwsServer aws, SubscriptionStore store, OperatorChaos chaos, OperatorLog log,
        IReadOnlyDictionary<StreamRef, string> streamArns, ForeignGrants foreign, List<(string, TimeSpan)> phases)
    {
        var planned = FaultWorld.Subscriptions;

        // Phase 1: create everything while the operator keeps dying.
        var phase = Stopwatch.StartNew();
        await ForEachAsync(planned, store.CreateAsync);
        var converged = await chaos.RunPhaseAsync(
            RestartsWhileCreating, CrashesAfterCreate,
            async () => (await store.ListAsync()).Values.Count(SubscriptionStore.IsReady) == planned.Count,
            () => UnrecordedMappingsAsync(aws, store, streamArns),
            async () => $"{(await store.ListAsync()).Values.Count(SubscriptionStore.IsReady)} of {planned.Count} Ready, {aws.World.Mappings.Count} mappings, {aws.World.Calls.Count} AWS calls",
            PhaseLimit);
        phases.Add(("create", phase.Elapsed));
        var subscriptions = await store.ListAsync();
        Assert.True(converged, $"Not every subscription became Ready within {PhaseLimit.TotalSeconds:0}s:\n"
            + string.Join('\n', subscriptions.Values.Where(s => !SubscriptionStore.IsReady(s)).Take(10).Select(SubscriptionStore.Describe))
            + $"\n--- operator log (last lines)\n{log.Tail(60)}");

        await AssertConvergedAsync(aws, planned, subscriptions, streamArns, foreign);
        Assert.NotEmpty(chaos.CrashesAfterCreate);
        var orphaned = chaos.CrashesAfterCreate.SelectMany(c => c.UnrecordedMappings).ToList();
        Assert.True(orphaned.Count > 0, "No kill landed between a CreateEventSourceMapping answer and the status write that records it.");
        foreach (var uuid in orphaned)
        {
            // Created, never recorded, then found again by its owner tag: recorded now, and never created twice.
            Assert.Contains(subscriptions.Values, s => s.Status?.EventSourceMappingUuid == uuid);
        }

        Assert.Equal(planned.Count, FaultTally.Successes(aws.World.Calls, "CreateEventSourceMapping"));

        // Phase 2: delete everything while the operator keeps dying.
        phase.Restart();
        await ForEachAsync(planned, store.DeleteAsync);
        var cleaned = await chaos.RunPhaseAsync(
            RestartsWhileDeleting, 0,
            async () => (await store.ListAsync()).Count == 0,
            () => Task.FromResult<IReadOnlyList<string>>([]),
            async () => $"{(await store.ListAsync()).Count} of {planned.Count} left, {aws.World.Mappings.Count} mappings, {aws.World.Calls.Count} AWS calls",
            PhaseLimit);
        phases.Add(("delete", phase.Elapsed));
        var remaining = await store.ListAsync();
        Assert.True(cleaned, $"{remaining.Count} subscriptions were still there after {PhaseLimit.TotalSeconds:0}s:\n"
            + string.Join('\n', remaining.Values.Take(10).Select(SubscriptionStore.Describe))
            + $"\n--- operator log (last lines)\n{log.Tail(60)}");

        AssertCleanedUp(aws, streamArns, foreign);
        Assert.Equal(planned.Count, FaultTally.Successes(aws.World.Calls, "DeleteEventSourceMapping"));
        // Each statement went in once and out once: no policy write was repeated, whatever was killed when.
        var calls = aws.World.Calls;
        Assert.Equal(2 * planned.Count, FaultTally.Successes(calls, "PutResourcePolicy") + FaultTally.Successes(calls, "DeleteResourcePolicy"));
        Assert.Equal(0, chaos.UnexpectedExits);
        Assert.True(chaos.Restarts >= RestartsWhileCreating + RestartsWhileDeleting, $"only {chaos.Restarts} restarts");
    }

    /// <summary>The operator's log and the kubeconfig are kept when the test fails, for a look at what happened.</summary>
    public void Dispose()
    {
        if (!passed)
        {
            return;
        }

        try
        {
            Directory.Delete(state, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary folder is harmless.
        }
    }

    /// <summary>The fault mix. 5xx is decided first, so throttling gets 30% of all calls, not 30% of the rest.</summary>
    private static void InjectFaults(LocalAwsServer aws, LocalKubeServer kube)
    {
        aws.Faults.Add(new FaultRule(null, null, FaultKind.ServerError) { Probability = 0.05 });
        aws.Faults.Add(new FaultRule(null, null, FaultKind.Throttle) { Probability = 0.30 / 0.95 });
        aws.Faults.DelayUpTo(null, null, TimeSpan.FromMilliseconds(500));
        aws.Faults.PolicyUpdateCooldown = PolicyCoolDown;
        kube.Faults.InjectConflict("update", "streamsubscriptions/status", 0.2);
    }

    private async Task AssertConvergedAsync(
        LocalAwsServer aws, IReadOnlyList<PlannedSubscription> planned, IReadOnlyDictionary<string, V1Alpha1StreamSubscription> subscriptions,
        IReadOnlyDictionary<StreamRef, string> streamArns, ForeignGrants foreign)
    {
        var mappings = aws.World.Mappings;
        foreach (var plan in planned)
        {
            var status = subscriptions[plan.Key].Status;
            var streamArn = streamArns[plan.Stream];
            var own = mappings.Where(m => m.EventSourceArn == streamArn && m.FunctionArn == plan.Target.FunctionArn(plan.Function)).ToList();
            var mapping = Assert.Single(own);
            Assert.Equal(mapping.Uuid, status.EventSourceMappingUuid);
            Assert.Equal("Enabled", mapping.State);
            Assert.Equal(streamArn, status.StreamArn);
        }

        Assert.Equal(planned.Count + foreign.Mappings.Count, mappings.Count);
        AssertForeignMappingsUntouched(mappings, foreign);
        await AssertOwnerTagsAsync(aws, planned, subscriptions);

        foreach (var (stream, arn) in streamArns)
        {
            var onStream = planned.Where(p => p.Stream == stream).ToList();
            var document = JsonNode.Parse(aws.World.Stream(arn)!.Policy ?? "{}")!.AsObject();
            var ours = Statements(document).Where(s => Sid(s)?.StartsWith(StatementPrefix, StringComparison.Ordinal) == true).ToList();
            Assert.Equal(onStream.Count, ours.Count);
            foreach (var plan in onStream)
            {
                var sid = subscriptions[plan.Key].Status.PolicyStatementId;
                var statement = Assert.Single(ours, s => Sid(s) == sid);
                Assert.Equal(plan.Target.ExecutionRoleArn(plan.Function), statement["Principal"]?["AWS"]?.GetValue<string>());
                Assert.Equal(arn, statement["Resource"]?.GetValue<string>());
            }
        }

        AssertForeignStatementsUntouched(aws, foreign);
        output.WriteLine($"Converged: {planned.Count} Ready, one mapping and one statement each, {foreign.StatementCount} foreign statements and {foreign.Mappings.Count} foreign mappings untouched");
    }

    private void AssertCleanedUp(LocalAwsServer aws, IReadOnlyDictionary<StreamRef, string> streamArns, ForeignGrants foreign)
    {
        var mappings = aws.World.Mappings;
        Assert.Equal(foreign.Mappings.Select(m => m.Uuid).Order(), mappings.Select(m => m.Uuid).Order());
        AssertForeignMappingsUntouched(mappings, foreign);
        foreach (var arn in streamArns.Values)
        {
            var policy = aws.World.Stream(arn)!.Policy;
            if (foreign.Policies.All(p => p.StreamArn != arn))
            {
                Assert.True(policy is null, $"stream {arn} still has a policy although only the operator wrote one: {policy}");
                continue;
            }

            var statements = Statements(JsonNode.Parse(policy!)!.AsObject());
            Assert.DoesNotContain(statements, s => Sid(s)?.StartsWith(StatementPrefix, StringComparison.Ordinal) == true);
        }

        AssertForeignStatementsUntouched(aws, foreign, onlyForeign: true);
        output.WriteLine($"Cleaned up: no subscription, no mapping or statement of the operator; {foreign.StatementCount} foreign statements and {foreign.Mappings.Count} foreign mappings untouched");
    }

    /// <summary>Each foreign statement is in its policy exactly once, as the very bytes it was written with; the policy's Id survives too.</summary>
    private static void AssertForeignStatementsUntouched(LocalAwsServer aws, ForeignGrants foreign, bool onlyForeign = false)
    {
        foreach (var expected in foreign.Policies)
        {
            var policy = aws.World.Stream(expected.StreamArn)!.Policy;
            Assert.NotNull(policy);
            var document = JsonNode.Parse(policy)!.AsObject();
            Assert.Equal(expected.Id, document["Id"]?.GetValue<string>());
            foreach (var statement in expected.Statements)
            {
                Assert.True(Occurrences(policy, statement) == 1, $"statement {statement} is not in the policy of {expected.StreamArn} exactly once as written: {policy}");
            }

            if (onlyForeign)
            {
                Assert.Equal(expected.Statements.Count, Statements(document).Count);
            }
        }
    }

    private static void AssertForeignMappingsUntouched(IReadOnlyList<MappingView> mappings, ForeignGrants foreign)
    {
        foreach (var expected in foreign.Mappings)
        {
            var mapping = Assert.Single(mappings, m => m.Uuid == expected.Uuid);
            Assert.Equal(expected.StreamArn, mapping.EventSourceArn);
            Assert.Equal(expected.FunctionArn, mapping.FunctionArn);
            Assert.Equal("Enabled", mapping.State);
        }
    }

    /// <summary>Every mapping carries its subscription's owner tag; read as the target account's root, retrying the injected faults.</summary>
    private static async Task AssertOwnerTagsAsync(LocalAwsServer aws, IReadOnlyList<PlannedSubscription> planned, IReadOnlyDictionary<string, V1Alpha1StreamSubscription> subscriptions)
    {
        var clients = FaultWorld.Targets.ToDictionary(t => t.Id, t => new AccountLambdaClient(aws, t.Id));
        try
        {
            await ForEachAsync(planned, async plan =>
            {
                var arn = $"arn:aws:lambda:{FaultWorld.Region}:{plan.Target.Id}:event-source-mapping:{subscriptions[plan.Key].Status.EventSourceMappingUuid}";
                var tags = await clients[plan.Target.Id].TagsAsync(arn);
                Assert.Equal(plan.Key, tags.GetValueOrDefault(ApiGroup.OwnerTag));
            });
        }
        finally
        {
            foreach (var lambda in clients.Values)
            {
                lambda.Dispose();
            }
        }
    }

    /// <summary>Mappings of planned subscriptions that the subscription's status does not name (yet).</summary>
    private static async Task<IReadOnlyList<string>> UnrecordedMappingsAsync(
        LocalAwsServer aws, SubscriptionStore store, IReadOnlyDictionary<StreamRef, string> streamArns)
    {
        var recorded = (await store.ListAsync()).Values.Select(s => s.Status?.EventSourceMappingUuid).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var planned = FaultWorld.Subscriptions.Select(p => (streamArns[p.Stream], p.Target.FunctionArn(p.Function))).ToHashSet();
        return [.. aws.World.Mappings.Where(m => planned.Contains((m.EventSourceArn, m.FunctionArn)) && !recorded.Contains(m.Uuid)).Select(m => m.Uuid)];
    }

    private static List<JsonObject> Statements(JsonObject document) => document["Statement"] switch
    {
        JsonArray array => [.. array.OfType<JsonObject>()],
        JsonObject single => [single],
        _ => [],
    };

    private static string? Sid(JsonObject statement) => statement["Sid"]?.GetValue<string>();

    private static int Occurrences(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    /// <summary>Runs the action for every item, 25 at a time.</summary>
    private static async Task ForEachAsync<T>(IEnumerable<T> items, Func<T, Task> action)
    {
        using var gate = new SemaphoreSlim(25);
        await Task.WhenAll(items.Select(async item =>
        {
            await gate.WaitAsync();
            try
            {
                await action(item);
            }
            finally
            {
                gate.Release();
            }
        }));
    }
}
