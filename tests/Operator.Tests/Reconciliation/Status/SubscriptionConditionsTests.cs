using CrossAccountStreams.Entities;
using CrossAccountStreams.Operator.Reconciliation.Status;
using k8s.Models;

namespace CrossAccountStreams.Operator.Tests.Reconciliation.Status;

public sealed class SubscriptionConditionsTests
{
    private static readonly DateTime Then = new(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Now = new(2026, 11, 2, 0, 0, 0, DateTimeKind.Utc);

    private static readonly StepOutcome Done = StepOutcome.Done("fine");
    private static readonly StepOutcome Creating = new(StepState.InProgress, ConditionReasons.MappingCreating, "creating");
    private static readonly StepOutcome Throttled = new(StepState.Transient, ConditionReasons.Throttled, "slow down");
    private static readonly StepOutcome Refused = new(StepState.Stalled, ConditionReasons.NamespaceNotAllowed, "namespace not allowed");
    private static readonly StepOutcome Drifted = new(StepState.Drifted, ConditionReasons.Drifted, "differs");
    private static readonly StepOutcome NotChecked = StepOutcome.NotChecked("later");

    public static TheoryData<string, StepOutcome, StepOutcome, StepOutcome, string, string, string, string> States => new()
    {
        // situation, accounts, policy, mapping => Ready, Reconciling, Stalled, reason
        { "everything in place", Done, Done, Done, "True", "False", "False", ConditionReasons.Synced },
        { "mapping still being created", Done, Done, Creating, "False", "True", "False", ConditionReasons.MappingCreating },
        { "throttled while writing the policy", Done, Throttled, NotChecked, "False", "True", "False", ConditionReasons.Throttled },
        { "namespace refused", Refused, NotChecked, NotChecked, "False", "False", "True", ConditionReasons.NamespaceNotAllowed },
        { "observe-only sees drift, which only a person can resolve", Done, Done, Drifted, "False", "False", "True", ConditionReasons.Drifted },
        { "an account still being verified is progress", new StepOutcome(StepState.InProgress, ConditionReasons.AccountNotReady, "wait"), NotChecked, NotChecked, "False", "True", "False", ConditionReasons.AccountNotReady },
        { "stalled wins over progress", Done, Creating, Refused, "False", "False", "True", ConditionReasons.NamespaceNotAllowed },
        { "an unchecked step is progress, not success", Done, Done, NotChecked, "False", "True", "False", ConditionReasons.Progressing },
    };

    [Theory]
    [MemberData(nameof(States))]
    public void The_kstatus_conditions_follow_the_steps(
        string situation, StepOutcome accounts, StepOutcome policy, StepOutcome mapping, string ready, string reconciling, string stalled, string reason)
    {
        var conditions = SubscriptionConditions.Apply(null, 3, Now, accounts, policy, mapping);

        Assert.True(ready == Status(conditions, ConditionTypes.Ready), situation);
        Assert.True(reconciling == Status(conditions, ConditionTypes.Reconciling), situation);
        Assert.True(stalled == Status(conditions, ConditionTypes.Stalled), situation);
        Assert.Equal(reason, conditions.Single(c => c.Type == ConditionTypes.Ready).Reason);
        Assert.False(Status(conditions, ConditionTypes.Reconciling) == "True" && Status(conditions, ConditionTypes.Stalled) == "True");
        Assert.All(conditions, c => Assert.Equal(3, c.ObservedGeneration));
        Assert.Equal(6, conditions.Count);
    }

    [Fact]
    public void Detail_conditions_say_which_step_is_not_there()
    {
        var conditions = SubscriptionConditions.Apply(null, 1, Now, Done, Throttled, NotChecked);

        Assert.Equal("True", Status(conditions, ConditionTypes.AccountsAuthorized));
        Assert.Equal("Unknown", Status(conditions, ConditionTypes.StreamPolicyReady));
        Assert.Equal("Unknown", Status(conditions, ConditionTypes.EventSourceMappingReady));
    }

    [Fact]
    public void The_transition_time_moves_only_when_a_status_flips()
    {
        var first = SubscriptionConditions.Apply(null, 1, Then, Done, Done, Creating);
        var second = SubscriptionConditions.Apply(first, 2, Now, Done, Done, Done);

        Assert.Equal(Then, Time(second, ConditionTypes.AccountsAuthorized)); // True -> True
        Assert.Equal(Then, Time(second, ConditionTypes.Stalled));            // False -> False
        Assert.Equal(Now, Time(second, ConditionTypes.Ready));               // False -> True
        Assert.Equal(Now, Time(second, ConditionTypes.Reconciling));         // True -> False
        Assert.Equal(2, second.Single(c => c.Type == ConditionTypes.AccountsAuthorized).ObservedGeneration);
    }

    [Fact]
    public void Conditions_written_by_others_are_kept()
    {
        List<V1Condition> existing = [new() { Type = "example.com/Audited", Status = "True", Reason = "Checked", Message = "", LastTransitionTime = Then }];

        var conditions = SubscriptionConditions.Apply(existing, 1, Now, Done, Done, Done);

        Assert.Contains(conditions, c => c.Type == "example.com/Audited" && c.LastTransitionTime == Then);
    }

    private static string Status(IEnumerable<V1Condition> conditions, string type) => conditions.Single(c => c.Type == type).Status;

    private static DateTime Time(IEnumerable<V1Condition> conditions, string type) => conditions.Single(c => c.Type == type).LastTransitionTime;
}
