using System.Text.RegularExpressions;
using CrossAccountStreams.TestSupport;

namespace CrossAccountStreams.Delivery.Tests.Iam;

public sealed partial class IamPolicyTests
{
    private const string OperatorRole = "arn:aws:iam::222222222222:role/stream-subscription-operator";

    public static TheoryData<string> PolicyFiles =>
        [.. Directory.GetFiles(IamPolicyDocument.Folder, "*.json").Select(f => Path.GetFileName(f)).Order()];

    [Theory]
    [MemberData(nameof(PolicyFiles))]
    public void No_policy_uses_wildcard_actions_or_passes_roles(string file)
    {
        var policy = IamPolicyDocument.Load(file);

        Assert.NotEmpty(policy.Statements);
        Assert.All(policy.Actions, action => Assert.DoesNotContain("*", action, StringComparison.Ordinal));
        Assert.DoesNotContain("iam:PassRole", policy.Actions);
    }

    [Theory]
    [MemberData(nameof(PolicyFiles))]
    public void A_resource_wildcard_is_used_only_where_the_action_has_no_resource_type(string file)
    {
        // CreateEventSourceMapping and ListEventSourceMappings have no resource type, nor has dynamodb:ListStreams.
        var allowedOnAnyResource = new HashSet<string> { "lambda:CreateEventSourceMapping", "lambda:ListEventSourceMappings", "dynamodb:ListStreams" };
        foreach (var statement in IamPolicyDocument.Load(file).Statements.Where(s => s.Resources.Contains("*")))
        {
            Assert.All(statement.Actions, action => Assert.Contains(action, allowedOnAnyResource));
            if (statement.Actions.Contains("lambda:CreateEventSourceMapping"))
            {
                Assert.True(statement.Conditions("lambda:FunctionArn"), $"{file} {statement.Sid}: creating mappings must be limited by lambda:FunctionArn");
            }
        }
    }

    [Fact]
    public void The_operator_role_can_only_assume_the_account_roles()
    {
        var policy = IamPolicyDocument.Load("operator-permissions.json");

        var statement = Assert.Single(policy.Statements);
        Assert.Equal(["sts:AssumeRole", "sts:TagSession"], statement.Actions.Order());
        Assert.Equal(
            [AccountRole("source-account-permissions.json"), AccountRole("target-account-permissions.json")],
            statement.Resources.Order());
    }

    [Theory]
    [InlineData("source-account-trust.json")]
    [InlineData("target-account-trust.json")]
    public void Account_roles_trust_only_the_operator_role_and_only_with_the_external_id(string file)
    {
        var statement = Assert.Single(IamPolicyDocument.Load(file).Statements);

        Assert.Equal(OperatorRole, (string?)statement.Principal!["AWS"]);
        Assert.Equal(["sts:AssumeRole", "sts:TagSession"], statement.Actions.Order());
        Assert.False(string.IsNullOrWhiteSpace((string?)statement.Condition!["StringEquals"]!["sts:ExternalId"]));
    }

    [Fact]
    public void Both_operator_identities_are_bound_to_the_operator_service_account()
    {
        var podIdentity = Assert.Single(IamPolicyDocument.Load("operator-trust-pod-identity.json").Statements);
        Assert.Equal("pods.eks.amazonaws.com", (string?)podIdentity.Principal!["Service"]);
        Assert.Equal(["sts:AssumeRole", "sts:TagSession"], podIdentity.Actions.Order());
        Assert.Equal("stream-subscription-system", (string?)podIdentity.Condition!["StringEquals"]!["aws:RequestTag/kubernetes-namespace"]);
        Assert.Equal("stream-subscription-operator", (string?)podIdentity.Condition["StringEquals"]!["aws:RequestTag/kubernetes-service-account"]);

        var irsa = Assert.Single(IamPolicyDocument.Load("operator-trust-irsa.json").Statements);
        Assert.Equal(["sts:AssumeRoleWithWebIdentity"], irsa.Actions);
        var subjects = irsa.Condition!["StringEquals"]!.AsObject().Where(c => c.Key.EndsWith(":sub", StringComparison.Ordinal)).ToList();
        Assert.Equal("system:serviceaccount:stream-subscription-system:stream-subscription-operator", (string?)Assert.Single(subjects).Value);
    }

    [Fact]
    public void The_source_role_edits_stream_policies_never_table_policies()
    {
        var policy = IamPolicyDocument.Load("source-account-permissions.json");

        Assert.Equal(
            ["dynamodb:DeleteResourcePolicy", "dynamodb:DescribeTable", "dynamodb:GetResourcePolicy", "dynamodb:PutResourcePolicy"],
            policy.Actions.Order());
        foreach (var statement in policy.Statements.Where(s => s.Actions.Any(a => a.EndsWith("ResourcePolicy", StringComparison.Ordinal))))
        {
            Assert.All(statement.Resources, r => Assert.Matches(StreamArn(), r));
        }

        Assert.All(policy.Statements.Single(s => s.Actions.Contains("dynamodb:DescribeTable")).Resources, r => Assert.Matches(TableArn(), r));
    }

    [Fact]
    public void The_target_role_changes_only_mappings_of_the_listed_functions()
    {
        var policy = IamPolicyDocument.Load("target-account-permissions.json");

        Assert.Equal(
            [
                "lambda:CreateEventSourceMapping", "lambda:DeleteEventSourceMapping", "lambda:GetEventSourceMapping",
                "lambda:GetFunctionConfiguration", "lambda:ListEventSourceMappings", "lambda:ListTags",
                "lambda:TagResource", "lambda:UpdateEventSourceMapping",
            ],
            policy.Actions.Order());
        foreach (var action in new[] { "lambda:CreateEventSourceMapping", "lambda:UpdateEventSourceMapping", "lambda:DeleteEventSourceMapping" })
        {
            Assert.True(policy.Statements.Single(s => s.Actions.Contains(action)).Conditions("lambda:FunctionArn"), $"{action} needs a lambda:FunctionArn condition");
        }
    }

    [Fact]
    public void The_execution_role_reads_exactly_the_streams_the_source_role_manages()
    {
        var execution = IamPolicyDocument.Load("function-execution-role-permissions.json");
        var source = IamPolicyDocument.Load("source-account-permissions.json");

        var read = execution.Statements.Single(s => s.Actions.Contains("dynamodb:GetRecords"));
        Assert.Equal(["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"], read.Actions.Order());
        Assert.Equal(
            source.Statements.Single(s => s.Actions.Contains("dynamodb:PutResourcePolicy")).Resources.Order(),
            read.Resources.Order());
    }

    [Theory]
    [InlineData("operator", "operator-permissions.json", "operator-trust-pod-identity.json", "operator-trust-irsa.json")]
    [InlineData("source-account", "source-account-permissions.json", "source-account-trust.json")]
    [InlineData("target-account", "target-account-permissions.json", "target-account-trust.json", "function-execution-role-permissions.json")]
    public void The_Terraform_module_grants_the_same_actions_as_the_JSON_policies(string module, params string[] files)
    {
        var folder = RepoPaths.Combine("docs", "iam", "terraform", module);
        foreach (var required in new[] { "main.tf", "variables.tf", "outputs.tf", "versions.tf" })
        {
            Assert.True(File.Exists(Path.Combine(folder, required)), $"{module}/{required} is missing");
        }

        var terraformActions = ActionsInHcl().Matches(File.ReadAllText(Path.Combine(folder, "main.tf")))
            .SelectMany(m => QuotedString().Matches(m.Groups[1].Value).Select(q => q.Groups[1].Value))
            .ToHashSet();
        var jsonActions = files.SelectMany(f => IamPolicyDocument.Load(f).Actions).ToHashSet();

        Assert.Equal(jsonActions.Order(), terraformActions.Order());
    }

    private static string AccountRole(string permissionsFile)
    {
        var resource = IamPolicyDocument.Load(permissionsFile).Statements.SelectMany(s => s.Resources).First(r => r != "*");
        var account = resource.Split(':')[4];
        var role = permissionsFile.StartsWith("source", StringComparison.Ordinal) ? "stream-subscription-source" : "stream-subscription-target";
        return $"arn:aws:iam::{account}:role/{role}";
    }

    [GeneratedRegex(@"^arn:aws:dynamodb:[a-z0-9-]+:\d{12}:table/[A-Za-z0-9_.-]+/stream/\*$")]
    private static partial Regex StreamArn();

    [GeneratedRegex(@"^arn:aws:dynamodb:[a-z0-9-]+:\d{12}:table/[A-Za-z0-9_.-]+$")]
    private static partial Regex TableArn();

    [GeneratedRegex(@"\bactions\s*=\s*\[([^\]]*)\]")]
    private static partial Regex ActionsInHcl();

    [GeneratedRegex(@"""([^""]+)""")]
    private static partial Regex QuotedString();
}
