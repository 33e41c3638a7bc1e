using System.Text.Json.Nodes;
using CrossAccountStreams.Entities;
using CrossAccountStreams.Entities.V1Alpha1;
using CrossAccountStreams.Operator.IntegrationTests.Support;
using Xunit.Abstractions;

namespace CrossAccountStreams.Operator.IntegrationTests.BadInput;

/// <summary>
/// Every bad input is refused by the API server naming the field, or ends Stalled with a message naming the problem;
/// none makes an AWS write; and the operator keeps serving healthy subscriptions throughout.
/// </summary>
public sealed class BadInputCorpusTests(BadInputRun run, ITestOutputHelper output) : IClassFixture<BadInputRun>
{
    [Theory]
    [MemberData(nameof(BadInputCorpus.Names), MemberType = typeof(BadInputCorpus))]
    public void A_bad_input_is_refused_with_the_problem_named_and_no_AWS_write(string name)
    {
        var c = BadInputCorpus.Named(name);
        var outcome = run.Outcomes[name];
        if (outcome.Rejected)
        {
            AssertRejected(c, outcome);
        }
        else
        {
            AssertStalled(c, outcome);
        }

        if (c.Subscription is not null)
        {
            var writes = run.Env.CallsFor(c.Namespace, BadInputRun.SubscriptionName(c)).Where(call => OperatorEnvironment.WriteOperations.Contains(call.Operation));
            Assert.Empty(writes.Select(w => $"{w.Operation} by {w.CallerArn}: {w.Outcome}"));
        }
    }

    [Fact]
    public void A_healthy_subscription_applied_amid_the_bad_ones_and_one_applied_after_them_both_become_Ready()
    {
        Assert.True(run.During is { } during && OperatorEnvironment.IsReady(during), $"applied amid the bad inputs: {Describe(run.During)}");
        Assert.True(run.After is { } after && OperatorEnvironment.IsReady(after), $"applied after the bad inputs: {Describe(run.After)}");
        Assert.True(run.HealthyAtTheEnd, "the operator's /readyz does not report healthy after the corpus");
    }

    [Fact]
    public void Every_AWS_write_of_the_run_was_made_for_a_healthy_subscription()
    {
        var writes = run.Env.Writes();
        var healthySessions = new[] { BadInputRun.HealthyDuring, BadInputRun.HealthyAfter }
            .Select(n => $"/{OperatorEnvironment.ClusterName}.{BadInputRun.HealthyNamespace}.{n}")
            .ToArray();

        // The healthy subscriptions wrote their statements and mappings: the call log does see the operator's writes.
        Assert.Contains(writes, w => w.Operation == "PutResourcePolicy");
        Assert.Contains(writes, w => w.Operation == "CreateEventSourceMapping");
        Assert.Empty(writes.Where(w => !healthySessions.Any(s => w.CallerArn?.EndsWith(s, StringComparison.Ordinal) == true))
            .Select(w => $"{w.Operation} by {w.CallerArn}"));
    }

    [Fact]
    public void The_corpus_holds_at_least_sixty_cases_and_reports_how_each_was_refused()
    {
        var rejected = run.Outcomes.Values.Count(o => o.Rejected);
        var stalled = run.Outcomes.Count - rejected;
        output.WriteLine($"{BadInputCorpus.All.Count} bad inputs: {rejected} refused by the API server, {stalled} Stalled by the operator; "
            + $"all settled {run.BadCasesSettledIn.TotalSeconds:F1} s after the first was applied; whole run {run.Total.TotalSeconds:F1} s.");
        foreach (var c in BadInputCorpus.All)
        {
            var outcome = run.Outcomes[c.Name];
            output.WriteLine(outcome.Rejected
                ? $"  {c.Name}: {outcome.RejectedStatus} {JsonNode.Parse(outcome.RejectedMessage!)?["message"]}"
                : $"  {c.Name}: {Describe(outcome.Final)}");
        }

        Assert.True(BadInputCorpus.All.Count >= 60, $"only {BadInputCorpus.All.Count} cases");
        Assert.Equal(BadInputCorpus.All.Count, BadInputCorpus.All.Select(c => c.Name).Distinct().Count());
    }

    private static void AssertRejected(BadInputCase c, CaseOutcome outcome)
    {
        Assert.True(c.Expect.RejectedField is not null, $"Expected {c.Expect}, but the API server refused the {outcome.RejectedObject}: {outcome.RejectedMessage}");
        var body = JsonNode.Parse(outcome.RejectedMessage!)!;
        var message = body["message"]!.GetValue<string>();

        // Unknown fields are a decoding error (400 BadRequest) under strict field validation, as on a real API server.
        var (status, reason) = c.StrictFieldValidation ? (400, "BadRequest") : (422, "Invalid");
        Assert.True(outcome.RejectedStatus == status && body["reason"]?.GetValue<string>() == reason,
            $"Expected {status} {reason}, got {outcome.RejectedStatus}: {outcome.RejectedMessage}");
        Assert.Contains(c.Expect.RejectedField, message, StringComparison.Ordinal);
    }

    private static void AssertStalled(BadInputCase c, CaseOutcome outcome)
    {
        var final = outcome.Final;
        Assert.True(c.Expect.StalledMentions is not null, $"Expected {c.Expect}, but the API server admitted it; it ended {Describe(final)}");
        Assert.True(final is not null && OperatorEnvironment.IsStalled(final), $"Expected Stalled=True and Ready=False, got {Describe(final)}");
        Assert.Equal(final.Metadata.Generation, final.Status.ObservedGeneration);
        Assert.NotEqual("True", OperatorEnvironment.Condition(final, ConditionTypes.Reconciling)?.Status);
        var message = OperatorEnvironment.Condition(final, ConditionTypes.Stalled)!.Message;
        foreach (var mention in c.Expect.StalledMentions)
        {
            Assert.True(message.Contains(mention, StringComparison.Ordinal), $"The Stalled message does not name \"{mention}\": {message}");
        }

        // User text echoed into status must not be able to forge lines or terminal output.
        Assert.DoesNotContain('\n', message);
        Assert.DoesNotContain('\r', message);
        Assert.DoesNotContain('\u001b', message);
    }

    private static string Describe(V1Alpha1StreamSubscription? subscription) =>
        subscription is null
            ? "(not found)"
            : $"generation {subscription.Metadata.Generation}, observed {subscription.Status?.ObservedGeneration}: "
              + string.Join("; ", subscription.Status?.Conditions?.Select(c => $"{c.Type}={c.Status} ({c.Reason}) {c.Message}") ?? ["no conditions"]);
}
