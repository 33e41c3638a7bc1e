namespace LocalAws.Iam;

/// <summary>Why a request was refused, in IAM's terms.</summary>
public enum DenialReason
{
    None,
    NoIdentityPolicy,
    NoResourcePolicy,
    ExplicitDenyInIdentityPolicy,
    ExplicitDenyInResourcePolicy,
}

/// <summary>The authorisation decision for one request.</summary>
public sealed record AuthorizationDecision(RequestContext Request, DenialReason Reason)
{
    public bool Allowed => Reason == DenialReason.None;

    /// <summary>The message AWS puts in AccessDenied errors.</summary>
    public string Message
    {
        get
        {
            var head = $"User: {Request.Caller.Arn} is not authorized to perform: {Request.Action} on resource: {Request.Resource}";
            return Reason switch
            {
                DenialReason.NoIdentityPolicy => $"{head} because no identity-based policy allows the {Request.Action} action",
                DenialReason.NoResourcePolicy => $"{head} because no resource-based policy allows the {Request.Action} action",
                DenialReason.ExplicitDenyInIdentityPolicy => $"{head} with an explicit deny in an identity-based policy",
                DenialReason.ExplicitDenyInResourcePolicy => $"{head} with an explicit deny in a resource-based policy",
                _ => head,
            };
        }
    }
}

/// <summary>
/// IAM's policy evaluation logic for one account boundary: an explicit deny anywhere wins; within one account an
/// allow in either the identity policy or a resource policy naming the principal suffices; across accounts both
/// the caller's identity policy and the resource policy must allow.
/// </summary>
public static class Authorizer
{
    public static AuthorizationDecision Authorize(
        RequestContext request,
        IReadOnlyList<PolicyDocument> identityPolicies,
        PolicyDocument? resourcePolicy)
    {
        var caller = request.Caller;
        var sameAccount = caller.AccountId == request.ResourceAccountId;
        var identity = PolicyVerdict.None;
        var identityAllows = caller.Kind == PrincipalKind.Root;
        foreach (var policy in identityPolicies)
        {
            var verdict = PolicyEvaluator.Evaluate(policy, request, resourcePolicy: false);
            identity = new PolicyVerdict(identity.ExplicitDeny || verdict.ExplicitDeny, identity.Allow || verdict.Allow, false);
        }
        identityAllows |= identity.Allow;
        var resource = resourcePolicy is null ? PolicyVerdict.None : PolicyEvaluator.Evaluate(resourcePolicy, request, resourcePolicy: true);
        if (identity.ExplicitDeny)
        {
            return new AuthorizationDecision(request, DenialReason.ExplicitDenyInIdentityPolicy);
        }
        if (resource.ExplicitDeny)
        {
            return new AuthorizationDecision(request, DenialReason.ExplicitDenyInResourcePolicy);
        }
        if (sameAccount)
        {
            var resourceGrants = resource.Allow && !resource.AllowOnlyThroughAccount;
            return new AuthorizationDecision(request, identityAllows || resourceGrants ? DenialReason.None : DenialReason.NoIdentityPolicy);
        }
        if (!identityAllows)
        {
            return new AuthorizationDecision(request, DenialReason.NoIdentityPolicy);
        }
        return new AuthorizationDecision(request, resource.Allow ? DenialReason.None : DenialReason.NoResourcePolicy);
    }
}
