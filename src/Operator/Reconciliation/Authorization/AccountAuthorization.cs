using CrossAccountStreams.Entities;
using CrossAccountStreams.Entities.V1Alpha1;

namespace CrossAccountStreams.Operator.Reconciliation.Authorization;

/// <summary>What the authorisation checks look at; all of it comes from the informer caches.</summary>
public sealed record AuthorizationInput(
    V1Alpha1StreamSubscription Subscription,
    V1Alpha1AwsAccount? SourceAccount,
    V1Alpha1AwsAccount? TargetAccount,
    IDictionary<string, string>? NamespaceLabels);

/// <summary>
/// Allowed, or refused with a condition reason and a message that names the field to fix. A pending refusal is one
/// that resolves by itself (an AwsAccount not verified yet), so it reads as work in progress, not as stalled.
/// </summary>
public sealed record AuthorizationDecision(bool Allowed, string Reason, string Message, bool Pending = false)
{
    public static AuthorizationDecision Allow { get; } = new(true, "Authorized", "Both AwsAccounts are Ready and allow this namespace and Region.");

    public static AuthorizationDecision Refuse(string reason, string message) => new(false, reason, message);

    public static AuthorizationDecision Wait(string reason, string message) => new(false, reason, message, Pending: true);
}

/// <summary>
/// Decides, before any AWS call, whether a subscription may use the accounts it names. The checks run in order and
/// the first refusal wins, so the message always names the most basic problem.
/// </summary>
public static class AccountAuthorization
{
    public static AuthorizationDecision Evaluate(AuthorizationInput input)
    {
        var spec = input.Subscription.Spec;
        var ns = input.Subscription.Metadata.NamespaceProperty ?? "";
        var region = spec.Source.Region;

        return FirstRefusal(
            () => Exists(input.SourceAccount, spec.Source.Account, "spec.source.account"),
            () => Exists(input.TargetAccount, spec.Target.Account, "spec.target.account"),
            () => IsReady(input.SourceAccount!),
            () => IsReady(input.TargetAccount!),
            () => AllowsNamespace(input.SourceAccount!, ns, input.NamespaceLabels),
            () => AllowsNamespace(input.TargetAccount!, ns, input.NamespaceLabels),
            () => AllowsRegion(input.SourceAccount!, region),
            () => AllowsRegion(input.TargetAccount!, region),
            () => StreamInSourceAccount(spec.Source, input.SourceAccount!),
            () => FunctionInTargetAccountAndRegion(spec.Target, input.TargetAccount!, region));
    }

    private static AuthorizationDecision FirstRefusal(params Func<AuthorizationDecision?>[] checks)
    {
        foreach (var check in checks)
        {
            if (check() is { Allowed: false } refusal)
            {
                return refusal;
            }
        }

        return AuthorizationDecision.Allow;
    }

    private static AuthorizationDecision? Exists(V1Alpha1AwsAccount? account, string name, string field) =>
        account is null
            ? AuthorizationDecision.Refuse(ConditionReasons.AccountNotFound, $"AwsAccount \"{name}\" named in {field} does not exist.")
            : null;

    private static AuthorizationDecision? IsReady(V1Alpha1AwsAccount account)
    {
        var ready = account.Status?.Conditions?.FirstOrDefault(c => c.Type == ConditionTypes.Ready);

        // Not verified yet (no verdict, or a verdict for an older spec): the AwsAccount reconciler is on it.
        var verified = ready is not null && ready.Status != "Unknown"
            && (account.Status?.ObservedGeneration is not { } observed || account.Metadata.Generation is not { } generation || observed >= generation);
        if (!verified)
        {
            return AuthorizationDecision.Wait(ConditionReasons.AccountNotReady,
                $"AwsAccount \"{account.Metadata.Name}\" is not Ready yet: the operator has not verified its role.");
        }

        if (ready!.Status == "True")
        {
            return null;
        }

        var why = string.IsNullOrWhiteSpace(ready.Message) ? "its role could not be assumed" : ready.Message;
        var retrying = account.Status?.Conditions?.Any(c => c.Type == ConditionTypes.Reconciling && c.Status == "True") == true;
        if (retrying)
        {
            // A throttle or outage on AssumeRole is retried by the AwsAccount reconciler; it is not the user's to fix.
            return AuthorizationDecision.Wait(ConditionReasons.AccountNotReady, $"AwsAccount \"{account.Metadata.Name}\" is being verified again: {why}");
        }

        return AuthorizationDecision.Refuse(ConditionReasons.AccountNotReady, $"AwsAccount \"{account.Metadata.Name}\" is not Ready: {why}");
    }

    private static AuthorizationDecision? AllowsNamespace(V1Alpha1AwsAccount account, string ns, IDictionary<string, string>? labels)
    {
        var allowed = account.Spec.AllowedNamespaces;
        var byName = allowed?.Names?.Contains(ns) == true;
        var bySelector = allowed?.Selector is { } selector && LabelSelectorMatcher.Matches(selector, labels);
        return byName || bySelector
            ? null
            : AuthorizationDecision.Refuse(
                ConditionReasons.NamespaceNotAllowed,
                $"Namespace \"{ns}\" may not use AwsAccount \"{account.Metadata.Name}\": it is neither listed in spec.allowedNamespaces.names nor matched by spec.allowedNamespaces.selector.");
    }

    private static AuthorizationDecision? AllowsRegion(V1Alpha1AwsAccount account, string region)
    {
        var regions = account.Spec.Regions;
        return regions is null || regions.Count == 0 || regions.Contains(region)
            ? null
            : AuthorizationDecision.Refuse(
                ConditionReasons.RegionNotAllowed,
                $"Region {region} (spec.source.region) is not allowed by AwsAccount \"{account.Metadata.Name}\", which allows only {string.Join(", ", regions)}.");
    }

    private static AuthorizationDecision? StreamInSourceAccount(StreamSource source, V1Alpha1AwsAccount account)
    {
        if (source.StreamArn is not { } arn)
        {
            return null;
        }

        var parts = arn.Split(':');
        if (parts.Length > 5 && parts[3] != source.Region)
        {
            return AuthorizationDecision.Refuse(ConditionReasons.RegionMismatch,
                $"spec.source.streamArn is in Region {parts[3]}, but spec.source.region is {source.Region}.");
        }

        return parts.Length > 5 && parts[4] != account.Spec.AccountId
            ? AuthorizationDecision.Refuse(ConditionReasons.InvalidSpec,
                $"spec.source.streamArn is in account {parts[4]}, but AwsAccount \"{account.Metadata.Name}\" is account {account.Spec.AccountId}.")
            : null;
    }

    private static AuthorizationDecision? FunctionInTargetAccountAndRegion(FunctionTarget target, V1Alpha1AwsAccount account, string region)
    {
        // Only a full ARN names a Region; a partial ARN (ACCOUNT:function:NAME) names only an account.
        var parts = target.FunctionName.Split(':');
        string? functionRegion = parts.Length >= 7 && parts[0] == "arn" ? parts[3] : null;
        string? functionAccount = parts.Length >= 7 && parts[0] == "arn" ? parts[4]
            : parts.Length >= 3 && parts[1] == "function" ? parts[0] : null;

        if (functionRegion is not null && functionRegion != region)
        {
            return AuthorizationDecision.Refuse(ConditionReasons.RegionMismatch,
                $"spec.target.functionName is in Region {functionRegion}, but the stream is in {region} (spec.source.region): Lambda reads streams only in its own Region.");
        }

        return functionAccount is not null && functionAccount != account.Spec.AccountId
            ? AuthorizationDecision.Refuse(ConditionReasons.InvalidSpec,
                $"spec.target.functionName is in account {functionAccount}, but AwsAccount \"{account.Metadata.Name}\" is account {account.Spec.AccountId}.")
            : null;
    }
}
