using LocalAws.Iam;

namespace LocalAws.Tests.Iam;

public sealed class PolicyEvaluatorTests
{
    private static readonly Caller Session = new(
        "222222222222",
        "arn:aws:sts::222222222222:assumed-role/order-processor-exec/s1",
        PrincipalKind.AssumedRole,
        "AROA:s1",
        "arn:aws:iam::222222222222:role/order-processor-exec",
        "s1");

    private const string Stream = "arn:aws:dynamodb:eu-west-1:111111111111:table/Orders/stream/2026-01-01T00:00:00.000";

    private static PolicyDocument Resource(string principal, string action = "dynamodb:GetRecords", string effect = "Allow", string resource = "*") =>
        PolicyDocument.Parse($$"""{"Version":"2012-10-17","Statement":[{"Effect":"{{effect}}","Principal":{"AWS":"{{principal}}"},"Action":"{{action}}","Resource":"{{resource}}"}]}""");

    private static PolicyDocument Identity(string action, string effect = "Allow", string resource = "*") =>
        PolicyDocument.Parse($$"""{"Version":"2012-10-17","Statement":[{"Effect":"{{effect}}","Action":"{{action}}","Resource":"{{resource}}"}]}""");

    public static TheoryData<string, PolicyDocument[], PolicyDocument?, DenialReason> CrossAccountCases => new()
    {
        { "both allow", [Identity("dynamodb:*")], Resource("arn:aws:iam::222222222222:role/order-processor-exec"), DenialReason.None },
        { "resource names the account", [Identity("dynamodb:Get*")], Resource("222222222222"), DenialReason.None },
        { "resource names anyone", [Identity("dynamodb:GetRecords")], Resource("*"), DenialReason.None },
        { "no resource policy", [Identity("dynamodb:*")], null, DenialReason.NoResourcePolicy },
        { "resource names another role", [Identity("dynamodb:*")], Resource("arn:aws:iam::222222222222:role/other"), DenialReason.NoResourcePolicy },
        { "resource grants another action", [Identity("dynamodb:*")], Resource("arn:aws:iam::222222222222:role/order-processor-exec", "dynamodb:DescribeStream"), DenialReason.NoResourcePolicy },
        { "no identity allow", [], Resource("arn:aws:iam::222222222222:role/order-processor-exec"), DenialReason.NoIdentityPolicy },
        { "identity scoped to another table", [Identity("dynamodb:GetRecords", resource: "arn:aws:dynamodb:eu-west-1:111111111111:table/Other/stream/*")], Resource("*"), DenialReason.NoIdentityPolicy },
        { "identity deny wins", [Identity("dynamodb:*"), Identity("dynamodb:GetRecords", "Deny")], Resource("*"), DenialReason.ExplicitDenyInIdentityPolicy },
        { "resource deny wins", [Identity("dynamodb:*")], Resource("*", effect: "Deny"), DenialReason.ExplicitDenyInResourcePolicy },
    };

    [Theory]
    [MemberData(nameof(CrossAccountCases))]
    public void Cross_account_access_needs_both_identity_and_resource_policy(string _, PolicyDocument[] identity, PolicyDocument? resource, DenialReason expected)
    {
        var decision = Authorizer.Authorize(new RequestContext(Session, "dynamodb:GetRecords", Stream, "111111111111"), identity, resource);

        Assert.Equal(expected, decision.Reason);
    }

    [Fact]
    public void Within_one_account_a_resource_policy_naming_the_role_suffices()
    {
        var decision = Authorizer.Authorize(
            new RequestContext(Session, "dynamodb:GetRecords", Stream, "222222222222"), [], Resource("arn:aws:iam::222222222222:role/order-processor-exec"));

        Assert.True(decision.Allowed);
    }

    [Fact]
    public void Within_one_account_a_resource_policy_naming_only_the_account_defers_to_identity_policies()
    {
        var decision = Authorizer.Authorize(new RequestContext(Session, "dynamodb:GetRecords", Stream, "222222222222"), [], Resource("222222222222"));

        Assert.Equal(DenialReason.NoIdentityPolicy, decision.Reason);
    }

    [Theory]
    [InlineData("StringEquals", "expected-id", "expected-id", true)]
    [InlineData("StringEquals", "expected-id", "other", false)]
    [InlineData("StringEquals", "expected-id", null, false)]
    [InlineData("StringLike", "team-*", "team-a", true)]
    [InlineData("StringNotEquals", "blocked", "fine", true)]
    [InlineData("StringEqualsIfExists", "expected-id", null, true)]
    public void ExternalId_conditions_are_evaluated(string op, string expected, string? externalId, bool allowed)
    {
        var trust = PolicyDocument.Parse(
            """{"Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::222222222222:role/order-processor-exec"},"Action":"sts:AssumeRole","Condition":{"OP":{"sts:ExternalId":"VALUE"}}}}"""
                .Replace("OP", op, StringComparison.Ordinal)
                .Replace("VALUE", expected, StringComparison.Ordinal));
        var keys = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        if (externalId is not null)
        {
            keys["sts:ExternalId"] = [externalId];
        }

        var verdict = PolicyEvaluator.Evaluate(trust, new RequestContext(Session, "sts:AssumeRole", "arn:aws:iam::111111111111:role/r", "111111111111") { Keys = keys }, resourcePolicy: true);

        Assert.Equal(allowed, verdict.Allow);
    }

    [Fact]
    public void The_denial_message_reads_like_AWS()
    {
        var decision = Authorizer.Authorize(new RequestContext(Session, "dynamodb:GetRecords", Stream, "111111111111"), [Identity("dynamodb:*")], null);

        Assert.Equal(
            $"User: {Session.Arn} is not authorized to perform: dynamodb:GetRecords on resource: {Stream} because no resource-based policy allows the dynamodb:GetRecords action",
            decision.Message);
    }

    [Theory]
    [InlineData("dynamodb:Get*", "dynamodb:GetRecords", true)]
    [InlineData("DynamoDB:getrecords", "dynamodb:GetRecords", true)]
    [InlineData("dynamodb:Get?tem", "dynamodb:GetItem", true)]
    [InlineData("dynamodb:Get*", "dynamodb:DescribeStream", false)]
    public void Action_wildcards_match_case_insensitively(string pattern, string action, bool matches)
    {
        Assert.Equal(matches, WildcardPattern.IsMatch(pattern, action, ignoreCase: true));
    }
}
