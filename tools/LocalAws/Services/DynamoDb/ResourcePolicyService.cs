using System.Globalization;
using System.Text.Json.Nodes;
using LocalAws.Iam;
using LocalAws.Protocols;

namespace LocalAws.Services.DynamoDb;

/// <summary>
/// Put/Get/DeleteResourcePolicy on tables and streams with DynamoDB's revision semantics: RevisionId per change,
/// ExpectedRevisionId (with NO_POLICY) checked by string comparison, PolicyNotFoundException on a mismatch, and an
/// idempotent put of the same document returning the same revision. Callers hold the world lock.
/// </summary>
public sealed class ResourcePolicyService(AwsWorld world, FaultInjector faults)
{
    public const string NoPolicy = "NO_POLICY";
    private long lastRevision;

    public JsonObject Put(Caller caller, JsonObject body)
    {
        var target = Resolve(caller, body, "dynamodb:PutResourcePolicy");
        var text = DynamoDbService.RequiredString(body, "Policy", "policy");
        var expected = body["ExpectedRevisionId"]?.GetValue<string>();
        var size = ResourcePolicyRules.SizeOf(text);
        if (size > ResourcePolicyRules.MaxPolicyBytes)
        {
            throw DynamoDbService.Validation($"One or more parameter values were invalid: Policy document size {size} bytes exceeds the maximum of {ResourcePolicyRules.MaxPolicyBytes} bytes (20 KB)");
        }
        PolicyDocument parsed;
        try
        {
            parsed = PolicyDocument.Parse(text);
        }
        catch (PolicyFormatException ex)
        {
            throw DynamoDbService.Validation($"One or more parameter values were invalid: Invalid policy document: {ex.Message}");
        }
        var problem = ResourcePolicyRules.Validate(parsed, target.IsStream, PrincipalExists);
        if (problem is not null)
        {
            throw DynamoDbService.Validation($"One or more parameter values were invalid: {problem}");
        }
        var current = target.Policy;
        CheckExpectedRevision(target, expected);
        if (current is not null && JsonNode.DeepEquals(JsonNode.Parse(current.Document), JsonNode.Parse(text)))
        {
            return new JsonObject { ["RevisionId"] = current.RevisionId };
        }
        CheckCooldown(target);
        var now = world.Time.GetUtcNow();
        var policy = new ResourcePolicy(text, parsed, NextRevision(now), now);
        target.SetPolicy(policy);
        return new JsonObject { ["RevisionId"] = policy.RevisionId };
    }

    public JsonObject Get(Caller caller, JsonObject body)
    {
        var target = Resolve(caller, body, "dynamodb:GetResourcePolicy");
        var policy = target.Policy ?? throw NotFound(target.Arn);
        return new JsonObject { ["Policy"] = policy.Document, ["RevisionId"] = policy.RevisionId };
    }

    public JsonObject Delete(Caller caller, JsonObject body)
    {
        // The account root may always delete a policy, even one that denies it.
        var target = Resolve(caller, body, "dynamodb:DeleteResourcePolicy", rootBypassesDeny: true);
        var expected = body["ExpectedRevisionId"]?.GetValue<string>();
        if (target.Policy is null)
        {
            return expected is null ? [] : throw NotFound(target.Arn);
        }
        CheckExpectedRevision(target, expected);
        CheckCooldown(target);
        var revision = target.Policy.RevisionId;
        target.SetPolicy(null);
        return new JsonObject { ["RevisionId"] = revision };
    }

    private void CheckExpectedRevision(PolicyTarget target, string? expected)
    {
        if (expected is null)
        {
            return;
        }
        var actual = target.Policy?.RevisionId ?? NoPolicy;
        if (!string.Equals(expected, actual, StringComparison.Ordinal))
        {
            throw new AwsErrorException(ServiceErrors.Dynamo("PolicyNotFoundException",
                $"Resource-based policy not found for the provided ResourceArn: Requested update for policy with expected revision id {expected}, but the policy associated to target {target.Arn} has revision id {actual}."));
        }
    }

    private void CheckCooldown(PolicyTarget target)
    {
        if (faults.PolicyUpdateCooldown is { } window && target.LastUpdate is { } last && world.Time.GetUtcNow() - last < window)
        {
            throw new AwsErrorException(ServiceErrors.Dynamo("ResourceInUseException",
                $"Attempt to change a resource-based policy for {target.Arn} which was updated less than {window.TotalSeconds:0} seconds ago. Retry later."));
        }
    }

    private string NextRevision(DateTimeOffset now)
    {
        lastRevision = Math.Max(lastRevision + 1, now.ToUnixTimeMilliseconds());
        return lastRevision.ToString(CultureInfo.InvariantCulture);
    }

    private bool PrincipalExists(string principal)
    {
        if (principal.Length == 12 && principal.All(char.IsAsciiDigit))
        {
            return world.FindAccount(principal) is not null;
        }
        var arn = Arn.TryParse(principal);
        if (arn is null)
        {
            return false;
        }
        if (arn.Service == "iam" && arn.Resource == "root")
        {
            return world.FindAccount(arn.Account) is not null;
        }
        if (arn.Service == "sts" && arn.Resource.StartsWith("assumed-role/", StringComparison.Ordinal))
        {
            var parts = arn.Resource.Split('/');
            return parts.Length == 3 && world.FindAccount(arn.Account)?.Roles.ContainsKey(parts[1]) == true;
        }
        return world.FindRole(principal) is not null || world.FindUser(principal) is not null;
    }

    private PolicyTarget Resolve(Caller caller, JsonObject body, string action, bool rootBypassesDeny = false)
    {
        var arnText = DynamoDbService.RequiredString(body, "ResourceArn", "resourceArn");
        var arn = Arn.TryParse(arnText);
        if (arn is null || arn.Service != "dynamodb" || !arn.Resource.StartsWith("table/", StringComparison.Ordinal))
        {
            throw DynamoDbService.Validation($"Invalid ResourceArn provided as input {arnText}");
        }
        var segments = arn.Resource.Split('/');
        PolicyTarget target;
        if (segments.Length == 4 && segments[2] == "stream")
        {
            var stream = world.FindStream(arnText);
            Authorize(caller, action, arnText, arn.Account, stream?.Policy?.Parsed, rootBypassesDeny);
            target = stream is null
                ? throw new AwsErrorException(ServiceErrors.Dynamo("ResourceNotFoundException", $"Requested resource not found: ResourceArn: {arnText} not found"))
                : new PolicyTarget(arnText, true, () => stream.Policy, p => { stream.Policy = p; stream.LastPolicyUpdate = world.Time.GetUtcNow(); }, () => stream.LastPolicyUpdate);
        }
        else if (segments.Length == 2)
        {
            var table = world.FindTable(arn.Account, segments[1]);
            Authorize(caller, action, arnText, arn.Account, table?.Policy?.Parsed, rootBypassesDeny);
            target = table is null
                ? throw new AwsErrorException(ServiceErrors.Dynamo("ResourceNotFoundException", $"Requested resource not found: Table: {segments[1]} not found"))
                : new PolicyTarget(arnText, false, () => table.Policy, p => { table.Policy = p; table.LastPolicyUpdate = world.Time.GetUtcNow(); }, () => table.LastPolicyUpdate);
        }
        else
        {
            throw DynamoDbService.Validation($"Invalid ResourceArn provided as input {arnText}");
        }
        return target;
    }

    private void Authorize(Caller caller, string action, string resource, string account, PolicyDocument? policy, bool rootBypassesDeny)
    {
        if (rootBypassesDeny && caller.Kind == PrincipalKind.Root && caller.AccountId == account)
        {
            return;
        }
        AccessControl.Demand(world, AwsService.DynamoDb, caller, action, resource, account, policy);
    }

    private static AwsErrorException NotFound(string arn) =>
        new(ServiceErrors.Dynamo("PolicyNotFoundException", $"Resource-based policy not found for the provided ResourceArn: {arn}"));

    private sealed class PolicyTarget(string arn, bool isStream, Func<ResourcePolicy?> get, Action<ResourcePolicy?> set, Func<DateTimeOffset?> lastUpdate)
    {
        public string Arn { get; } = arn;
        public bool IsStream { get; } = isStream;
        public ResourcePolicy? Policy => get();
        public DateTimeOffset? LastUpdate => lastUpdate();

        public void SetPolicy(ResourcePolicy? policy) => set(policy);
    }
}
