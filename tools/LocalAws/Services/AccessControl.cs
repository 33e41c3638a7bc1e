using LocalAws.Iam;
using LocalAws.Protocols;

namespace LocalAws.Services;

/// <summary>Runs IAM evaluation for a request and turns a refusal into the service's AccessDenied error.</summary>
public static class AccessControl
{
    public static void Demand(
        AwsWorld world,
        AwsService service,
        Caller caller,
        string action,
        string resource,
        string resourceAccountId,
        PolicyDocument? resourcePolicy)
    {
        var decision = Check(world, caller, action, resource, resourceAccountId, resourcePolicy);
        if (!decision.Allowed)
        {
            throw new AwsErrorException(ServiceErrors.AccessDenied(service, decision.Message));
        }
    }

    public static AuthorizationDecision Check(
        AwsWorld world,
        Caller caller,
        string action,
        string resource,
        string resourceAccountId,
        PolicyDocument? resourcePolicy) =>
        Authorizer.Authorize(new RequestContext(caller, action, resource, resourceAccountId), world.IdentityPoliciesOf(caller), resourcePolicy);
}
