using CrossAccountStreams.Entities;
using CrossAccountStreams.Entities.V1Alpha1;
using CrossAccountStreams.Operator.Reconciliation.Authorization;
using CrossAccountStreams.Operator.Tests.Reconciliation.Fakes;
using k8s.Models;

namespace CrossAccountStreams.Operator.Tests.Reconciliation.Authorization;

public sealed class AccountAuthorizationTests
{
    private static V1Alpha1AwsAccount Source(bool ready = true) =>
        ObjectBuilders.Account("source", "111111111111", "stream-subscription-source", "source-external-id", ready);

    private static V1Alpha1AwsAccount Target(bool ready = true) =>
        ObjectBuilders.Account("target", "222222222222", "stream-subscription-target", "target-external-id", ready);

    private static AuthorizationDecision Evaluate(
        V1Alpha1StreamSubscription? subscription = null,
        V1Alpha1AwsAccount? source = null,
        V1Alpha1AwsAccount? target = null,
        bool noSource = false,
        bool noTarget = false,
        Dictionary<string, string>? labels = null) =>
        AccountAuthorization.Evaluate(new AuthorizationInput(
            subscription ?? ObjectBuilders.Subscription(),
            noSource ? null : source ?? Source(),
            noTarget ? null : target ?? Target(),
            labels));

    [Fact]
    public void Ready_accounts_that_list_the_namespace_allow_the_subscription()
    {
        Assert.True(Evaluate().Allowed);
    }

    public static TheoryData<string, Func<AuthorizationDecision>, string, string> Refusals => new()
    {
        { "missing source account", () => Evaluate(noSource: true), ConditionReasons.AccountNotFound, "AwsAccount \"source\" named in spec.source.account does not exist" },
        { "missing target account", () => Evaluate(noTarget: true), ConditionReasons.AccountNotFound, "spec.target.account" },
        { "source not ready", () => Evaluate(source: Source(ready: false)), ConditionReasons.AccountNotReady, "AwsAccount \"source\" is not Ready: AccessDenied" },
        { "target not ready", () => Evaluate(target: Target(ready: false)), ConditionReasons.AccountNotReady, "AwsAccount \"target\" is not Ready" },
        { "namespace not listed", () => Evaluate(ObjectBuilders.Subscription(ns: "payments")), ConditionReasons.NamespaceNotAllowed, "Namespace \"payments\" may not use AwsAccount \"source\"" },
        { "region not allowed", () => Evaluate(source: WithRegions(Source(), "us-east-1")), ConditionReasons.RegionNotAllowed, "Region eu-west-1 (spec.source.region) is not allowed by AwsAccount \"source\", which allows only us-east-1" },
        { "function in another region", () => Evaluate(ObjectBuilders.Subscription(function: "arn:aws:lambda:us-east-1:222222222222:function:order-processor")), ConditionReasons.RegionMismatch, "Lambda reads streams only in its own Region" },
        { "function in another account", () => Evaluate(ObjectBuilders.Subscription(function: "999999999999:function:order-processor")), ConditionReasons.InvalidSpec, "spec.target.functionName is in account 999999999999" },
        { "stream in another account", () => Evaluate(ObjectBuilders.Subscription(table: null, change: s => s.Source.StreamArn = "arn:aws:dynamodb:eu-west-1:999999999999:table/Orders/stream/2026-01-01T00:00:00.000")), ConditionReasons.InvalidSpec, "spec.source.streamArn is in account 999999999999" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void A_refusal_names_the_field_and_the_problem(string situation, Func<AuthorizationDecision> evaluate, string reason, string message)
    {
        var decision = evaluate();

        Assert.False(decision.Allowed, situation);
        Assert.Equal(reason, decision.Reason);
        Assert.Contains(message, decision.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_refused_but_verified_account_is_not_pending()
    {
        Assert.False(Evaluate(source: Source(ready: false)).Pending);
    }

    [Fact]
    public void An_account_retrying_a_transient_AssumeRole_failure_is_waited_for_not_reported_as_stalled()
    {
        var source = Source(ready: false);
        source.Status.Conditions![0].Message = "Could not assume the role: Rate exceeded (retrying)";
        source.Status.Conditions.Add(new V1Condition { Type = ConditionTypes.Reconciling, Status = "True", Reason = ConditionReasons.Throttled, Message = "Rate exceeded", LastTransitionTime = DateTime.UnixEpoch });

        var decision = Evaluate(source: source);

        Assert.False(decision.Allowed);
        Assert.True(decision.Pending);
        Assert.Equal(ConditionReasons.AccountNotReady, decision.Reason);
        Assert.Contains("AwsAccount \"source\" is being verified again: Could not assume the role: Rate exceeded", decision.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string, Func<V1Alpha1AwsAccount>> Unverified => new()
    {
        { "no status yet", () => { var a = Source(); a.Status = new AwsAccountStatus(); return a; } },
        { "Ready Unknown", () => { var a = Source(); a.Status.Conditions![0].Status = "Unknown"; return a; } },
        { "verdict for an older spec", () => { var a = Source(); a.Metadata.Generation = 2; a.Status.ObservedGeneration = 1; return a; } },
    };

    [Theory]
    [MemberData(nameof(Unverified))]
    public void An_account_not_verified_yet_is_waited_for_not_refused_for_good(string situation, Func<V1Alpha1AwsAccount> source)
    {
        var decision = Evaluate(source: source());

        Assert.False(decision.Allowed, situation);
        Assert.True(decision.Pending, situation);
        Assert.Equal(ConditionReasons.AccountNotReady, decision.Reason);
        Assert.Contains("has not verified its role", decision.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_account_without_allowed_namespaces_allows_none()
    {
        var source = Source();
        source.Spec.AllowedNamespaces = null;

        Assert.Equal(ConditionReasons.NamespaceNotAllowed, Evaluate(source: source).Reason);
    }

    [Theory]
    [InlineData("matchLabels hit", "team", "orders", true)]
    [InlineData("matchLabels miss", "team", "payments", false)]
    public void A_namespace_may_be_allowed_by_its_labels(string situation, string key, string value, bool allowed)
    {
        var subscription = ObjectBuilders.Subscription(ns: "labelled");
        var source = Source();
        var target = Target();
        foreach (var account in new[] { source, target })
        {
            account.Spec.AllowedNamespaces = new AllowedNamespaces { Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["team"] = "orders" } } };
        }

        Assert.True(allowed == Evaluate(subscription, source, target, labels: new() { [key] = value }).Allowed, situation);
    }

    [Fact]
    public void An_empty_selector_allows_every_namespace()
    {
        var source = Source();
        var target = Target();
        source.Spec.AllowedNamespaces = new AllowedNamespaces { Selector = new V1LabelSelector() };
        target.Spec.AllowedNamespaces = new AllowedNamespaces { Selector = new V1LabelSelector() };

        Assert.True(Evaluate(ObjectBuilders.Subscription(ns: "anything"), source, target).Allowed);
    }

    private static V1Alpha1AwsAccount WithRegions(V1Alpha1AwsAccount account, params string[] regions)
    {
        account.Spec.Regions = regions;
        return account;
    }
}

public sealed class LabelSelectorMatcherTests
{
    private static readonly Dictionary<string, string> Labels = new() { ["team"] = "orders", ["tier"] = "prod" };

    [Theory]
    [InlineData("In with the value", "team", "In", "orders,payments", true)]
    [InlineData("In without the value", "team", "In", "payments", false)]
    [InlineData("NotIn with the value", "tier", "NotIn", "prod", false)]
    [InlineData("NotIn of a missing label", "zone", "NotIn", "a", true)]
    [InlineData("Exists", "tier", "Exists", "", true)]
    [InlineData("Exists of a missing label", "zone", "Exists", "", false)]
    [InlineData("DoesNotExist", "zone", "DoesNotExist", "", true)]
    [InlineData("an unknown operator", "team", "Matches", "orders", false)]
    public void Match_expressions_follow_Kubernetes_semantics(string situation, string key, string op, string values, bool matches)
    {
        var selector = new V1LabelSelector
        {
            MatchExpressions = [new V1LabelSelectorRequirement { Key = key, OperatorProperty = op, Values = values.Length == 0 ? null : values.Split(',') }],
        };

        Assert.True(matches == LabelSelectorMatcher.Matches(selector, Labels), situation);
    }
}
