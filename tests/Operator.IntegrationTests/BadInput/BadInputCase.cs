using System.Text.Json.Nodes;

namespace CrossAccountStreams.Operator.IntegrationTests.BadInput;

/// <summary>
/// One malformed or hostile input, named by a sentence: the AwsAccounts it needs first, the StreamSubscription under
/// test (none when the AwsAccount itself is the bad input), and what must happen to it. The short Id names the
/// objects, so the AWS session name (cluster.namespace.name) stays unhashed and each AWS call is attributable.
/// </summary>
public sealed record BadInputCase(
    string Name,
    string Id,
    string Namespace,
    IReadOnlyList<JsonObject> Accounts,
    JsonObject? Subscription,
    Expectation Expect,
    bool StrictFieldValidation = false)
{
    public override string ToString() => Name;
}

/// <summary>
/// What a bad input must lead to. <see cref="RejectedField"/>: the API server refuses it naming the field
/// (422 Invalid, or 400 for unknown fields under strict field validation). <see cref="StalledMentions"/>: it is
/// admitted and the subscription ends Stalled=True, Ready=False with a message containing each mention. When both
/// are set (a rule only CEL states), either outcome is right.
/// </summary>
public sealed record Expectation(string? RejectedField, IReadOnlyList<string>? StalledMentions)
{
    public static Expectation Rejected(string field) => new(field, null);

    public static Expectation Stalled(params string[] mentions) => new(null, mentions);

    public static Expectation RejectedOrStalled(string field, params string[] mentions) => new(field, mentions);

    public override string ToString() => (RejectedField, StalledMentions) switch
    {
        ({ } field, null) => $"rejected naming {field}",
        (null, { } mentions) => $"Stalled naming {string.Join(", ", mentions)}",
        ({ } field, { } mentions) => $"rejected naming {field}, or Stalled naming {string.Join(", ", mentions)}",
        _ => "nothing",
    };
}

/// <summary>What happened to one case.</summary>
public sealed record CaseOutcome(int? RejectedStatus, string? RejectedMessage, string? RejectedObject, CrossAccountStreams.Entities.V1Alpha1.V1Alpha1StreamSubscription? Final)
{
    public bool Rejected => RejectedStatus is not null;
}
