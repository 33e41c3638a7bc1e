namespace LocalAws.Iam;

/// <summary>How a principal element matched a caller: not at all, through the caller's account, or by name.</summary>
public enum PrincipalMatch
{
    None,
    Account,
    Specific,
}

/// <summary>The outcome of evaluating one policy for one request.</summary>
public readonly record struct PolicyVerdict(bool ExplicitDeny, bool Allow, bool AllowOnlyThroughAccount)
{
    public static PolicyVerdict None => default;
}

/// <summary>Evaluates policy statements (Action, Resource, Principal, Condition) against a request.</summary>
public static class PolicyEvaluator
{
    public static PolicyVerdict Evaluate(PolicyDocument policy, RequestContext request, bool resourcePolicy)
    {
        var deny = false;
        var allowSpecific = false;
        var allowAccount = false;
        foreach (var statement in policy.Statements)
        {
            if (!ActionMatches(statement, request.Action) || !ResourceMatches(statement, request.Resource))
            {
                continue;
            }
            var principal = PrincipalMatch.Specific;
            if (resourcePolicy)
            {
                principal = MatchPrincipal(statement.Principal, request.Caller);
                if (principal == PrincipalMatch.None)
                {
                    continue;
                }
            }
            if (!ConditionsHold(statement.Conditions, request))
            {
                continue;
            }
            if (!statement.Allow)
            {
                deny = true;
            }
            else if (principal == PrincipalMatch.Specific)
            {
                allowSpecific = true;
            }
            else
            {
                allowAccount = true;
            }
        }
        return new PolicyVerdict(deny, allowSpecific || allowAccount, allowAccount && !allowSpecific);
    }

    public static bool ActionMatches(PolicyStatement statement, string action)
    {
        var any = statement.Actions.Any(pattern => WildcardPattern.IsMatch(pattern, action, ignoreCase: true));
        return statement.NotAction ? !any : any;
    }

    private static bool ResourceMatches(PolicyStatement statement, string resource)
    {
        if (statement.Resources.Count == 0)
        {
            // Trust policies have no Resource element: they apply to the role they are attached to.
            return !statement.NotResource;
        }
        var any = statement.Resources.Any(pattern => WildcardPattern.IsMatch(pattern, resource, ignoreCase: false));
        return statement.NotResource ? !any : any;
    }

    public static PrincipalMatch MatchPrincipal(PolicyPrincipal? principal, Caller caller)
    {
        if (principal is null)
        {
            return PrincipalMatch.None;
        }
        if (principal.Anyone)
        {
            return PrincipalMatch.Specific;
        }
        if (caller.Kind == PrincipalKind.Service)
        {
            return principal.Services.Contains(caller.Arn, StringComparer.Ordinal) ? PrincipalMatch.Specific : PrincipalMatch.None;
        }
        var best = PrincipalMatch.None;
        foreach (var entry in principal.Aws)
        {
            if (entry == caller.AccountId || entry == $"arn:aws:iam::{caller.AccountId}:root")
            {
                best = caller.Kind == PrincipalKind.Root ? PrincipalMatch.Specific : PrincipalMatch.Account;
                if (best == PrincipalMatch.Specific)
                {
                    return best;
                }
                continue;
            }
            // A role ARN names every session of the role.
            if (entry == caller.Arn || (caller.RoleArn is not null && entry == caller.RoleArn))
            {
                return PrincipalMatch.Specific;
            }
        }
        return best;
    }

    private static bool ConditionsHold(IReadOnlyList<PolicyCondition> conditions, RequestContext request) =>
        conditions.All(condition => ConditionHolds(condition, request));

    private static bool ConditionHolds(PolicyCondition condition, RequestContext request)
    {
        var op = condition.Operator;
        // ForAnyValue behaves like the single-valued default (any context value matches); ForAllValues needs every one.
        var forAll = false;
        if (op.StartsWith("ForAllValues:", StringComparison.Ordinal))
        {
            forAll = true;
            op = op["ForAllValues:".Length..];
        }
        else if (op.StartsWith("ForAnyValue:", StringComparison.Ordinal))
        {
            op = op["ForAnyValue:".Length..];
        }
        var ifExists = op.EndsWith("IfExists", StringComparison.Ordinal);
        if (ifExists)
        {
            op = op[..^"IfExists".Length];
        }
        var actual = request.Lookup(condition.Key);
        if (op == "Null")
        {
            var wantsAbsent = condition.Values.Any(v => v.Equals("true", StringComparison.OrdinalIgnoreCase));
            return wantsAbsent == (actual is null || actual.Count == 0);
        }
        if (actual is null || actual.Count == 0)
        {
            if (ifExists || forAll)
            {
                return true;
            }
            return op.Contains("Not", StringComparison.Ordinal);
        }
        var negated = op.Contains("Not", StringComparison.Ordinal);
        var positiveOp = op.Replace("Not", string.Empty, StringComparison.Ordinal);
        bool MatchesOne(string value) => condition.Values.Any(expected => Compare(positiveOp, expected, value));
        if (forAll)
        {
            var all = actual.All(MatchesOne);
            return negated ? actual.All(v => !MatchesOne(v)) : all;
        }
        var anyMatch = actual.Any(MatchesOne);
        return negated ? !anyMatch : anyMatch;
    }

    private static bool Compare(string op, string expected, string actual) => op switch
    {
        "StringEquals" or "ArnEquals" => string.Equals(expected, actual, StringComparison.Ordinal),
        "StringEqualsIgnoreCase" => string.Equals(expected, actual, StringComparison.OrdinalIgnoreCase),
        "StringLike" or "ArnLike" => WildcardPattern.IsMatch(expected, actual, ignoreCase: false),
        "Bool" => string.Equals(expected, actual, StringComparison.OrdinalIgnoreCase),
        _ => false,
    };

    /// <summary>Condition operators this evaluator understands (with IfExists / ForAllValues / ForAnyValue forms).</summary>
    public static bool IsSupportedOperator(string op)
    {
        var core = op.Replace("ForAllValues:", string.Empty, StringComparison.Ordinal)
            .Replace("ForAnyValue:", string.Empty, StringComparison.Ordinal);
        if (core.EndsWith("IfExists", StringComparison.Ordinal))
        {
            core = core[..^"IfExists".Length];
        }
        return core is "StringEquals" or "StringNotEquals" or "StringEqualsIgnoreCase" or "StringNotEqualsIgnoreCase"
            or "StringLike" or "StringNotLike" or "ArnEquals" or "ArnNotEquals" or "ArnLike" or "ArnNotLike" or "Bool" or "Null";
    }
}
