using System.Text.RegularExpressions;
using CrossAccountStreams.Entities;
using CrossAccountStreams.Entities.V1Alpha1;
using CrossAccountStreams.Operator.IntegrationTests.Runtime;
using CrossAccountStreams.Operator.IntegrationTests.Support;
using CrossAccountStreams.TestSupport;
using k8s;
using k8s.Autorest;
using k8s.Models;
using LocalAws;
using Xunit.Abstractions;

namespace CrossAccountStreams.Operator.IntegrationTests.BadInput;

/// <summary>
/// Least privilege, checked against behaviour: a workload that reaches every Kubernetes call the operator makes
/// (create, update, delete subscriptions, AwsAccount changes, conflicts on every retried write, repeated Events,
/// leader election) is recorded by LocalKube, and the chart's and config/rbac's roles must grant exactly that.
/// </summary>
public sealed partial class OperatorRbacTests(ITestOutputHelper output)
{
    private const string OperatorNamespace = "stream-subscription-system";
    private const string Team = "team";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Permissions granted although the workload does not use them, each with the reason it must stay. Empty: every
    /// permission the roles grant is one the workload was seen to use.
    /// </summary>
    private static readonly IReadOnlyDictionary<Permission, string> GrantedButNotReached = new Dictionary<Permission, string>();

    [Fact]
    public async Task The_chart_and_config_rbac_grant_every_permission_the_operator_uses_and_nothing_else()
    {
        var used = await RunWorkloadAsync();
        output.WriteLine("Used by the operator:\n  " + string.Join("\n  ", used.Order()));

        var chart = await ChartPermissionsAsync();
        var kustomize = ConfigRbacPermissions();
        foreach (var (source, granted) in new[] { ("the chart", chart), ("config/rbac", kustomize) })
        {
            Assert.True(used.IsSubsetOf(granted), $"{source} lacks permissions the operator uses: {string.Join(", ", used.Except(granted).Order())}");
            var unused = granted.Except(used).Except(GrantedButNotReached.Keys).Order().ToList();
            Assert.True(unused.Count == 0, $"{source} grants permissions the operator never used: {string.Join(", ", unused)}");
        }

        // An exception that the workload does reach, or that no role grants, is stale.
        Assert.DoesNotContain(GrantedButNotReached.Keys, p => used.Contains(p) || !chart.Contains(p));
    }

    private async Task<HashSet<Permission>> RunWorkloadAsync()
    {
        await using var env = await OperatorEnvironment.StartAsync(
            settings: new Dictionary<string, string?>
            {
                ["Operator:LeaderElect"] = "true",
                ["Operator:LeaderElection:LeaseNamespace"] = OperatorNamespace,
                ["Operator:LeaderElection:Identity"] = "rbac-workload",
                ["Operator:LeaderElection:LeaseDuration"] = "3s",
                ["Operator:LeaderElection:RenewDeadline"] = "2s",
                ["Operator:LeaderElection:RetryPeriod"] = "500ms",
            },
            namespaces: [OperatorNamespace, Team]);
        var faults = env.Kube.Faults;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        void Step(string what) => output.WriteLine($"{clock.Elapsed.TotalSeconds,6:F1} s  {what}");

        await env.CreateAccountAsync(BadInputCorpus.Account("source", DefaultWorld.SourceAccountId, DefaultWorld.SourceRoleArn, DefaultWorld.SourceExternalId, Team));
        await env.CreateAccountAsync(BadInputCorpus.Account("target", DefaultWorld.TargetAccountId, DefaultWorld.TargetRoleArn, DefaultWorld.TargetExternalId, Team));
        await WaitForAccountAsync(env, "source", 1);
        await WaitForAccountAsync(env, "target", 1);
        Step("both AwsAccounts verified");

        // An AwsAccount change whose status write meets a conflict: the writer re-reads the account.
        faults.InjectConflict("update", "awsaccounts/status", 1);
        await PatchAccountAsync(env, "source", """{"spec":{"regions":["eu-west-1","eu-central-1"]}}""");
        await WaitForAccountAsync(env, "source", 2);
        Step("AwsAccount change verified");

        // A new subscription whose finalizer patch and status write both meet a conflict.
        faults.InjectConflict("patch", "streamsubscriptions", 1);
        faults.InjectConflict("update", "streamsubscriptions/status", 1);
        await env.CreateSubscriptionAsync(Team, BadInputCorpus.Subscription("orders", Team));
        await WaitForAsync(env, "orders", OperatorEnvironment.IsReady, "the subscription becomes Ready");
        Step("subscription Ready");

        // A spec update.
        await env.Client.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch("""{"spec":{"mapping":{"batchSize":50}}}""", V1Patch.PatchType.MergePatch), ApiGroup.Name, ApiGroup.Version, Team, V1Alpha1StreamSubscription.Plural, "orders");
        await WaitForAsync(env, "orders", s => s.Metadata.Generation == 2 && OperatorEnvironment.IsReady(s), "the update is applied");
        Step("update applied");

        // The target account stops allowing the namespace, allows it again, and stops again: the second refusal
        // repeats the first Event, which the recorder aggregates by patching it.
        string[] toggles = ["""{"spec":{"allowedNamespaces":{"names":["elsewhere"]}}}""", """{"spec":{"allowedNamespaces":{"names":["team"]}}}"""];
        for (var round = 0; round < 2; round++)
        {
            await PatchAccountAsync(env, "target", toggles[0]);
            await WaitForAsync(env, "orders", OperatorEnvironment.IsStalled, "the subscription is refused");
            Step("refused");
            if (round == 0)
            {
                await PatchAccountAsync(env, "target", toggles[1]);
                await WaitForAsync(env, "orders", OperatorEnvironment.IsReady, "the subscription is allowed again");
                Step("allowed again");
            }
        }

        await PatchAccountAsync(env, "target", toggles[1]);
        await WaitForAsync(env, "orders", OperatorEnvironment.IsReady, "the subscription is allowed once more");
        Step("allowed once more");

        // Delete: the mapping and statement are removed and the finalizer released (its patch meets a conflict too).
        faults.InjectConflict("patch", "streamsubscriptions", 1);
        await env.Client.CustomObjects.DeleteNamespacedCustomObjectAsync(ApiGroup.Name, ApiGroup.Version, Team, V1Alpha1StreamSubscription.Plural, "orders");
        await LocalKubeCluster.EventuallyAsync(async () => await ExistsAsync(env, "orders") == false, Patience, "the subscription is deleted");
        Step("deleted");
        Assert.Empty(env.Aws.World.Mappings);

        // A graceful stop releases the Lease.
        await env.StopOperatorAsync();
        Step("operator stopped");
        return [.. env.Kube.Stats.RequestKinds().Keys
            .Where(k => k.UserAgent != OperatorEnvironment.TestUserAgent)
            .Select(k => new Permission(k.Verb, k.Group, k.Subresource.Length == 0 ? k.Resource : $"{k.Resource}/{k.Subresource}"))];
    }

    private static async Task<HashSet<Permission>> ChartPermissionsAsync()
    {
        var result = await CliTools.RunAsync(CliTools.Helm,
            ["template", "stream-subscription-operator", RepoPaths.Combine("charts", "stream-subscription-operator"), "--namespace", OperatorNamespace],
            timeout: TimeSpan.FromMinutes(1));
        Assert.True(result.ExitCode == 0, $"helm template failed: {result.StandardError}");
        return Permissions(result.StandardOutput);
    }

    private static HashSet<Permission> ConfigRbacPermissions() =>
        Permissions(string.Join("\n---\n", Directory.GetFiles(RepoPaths.Combine("config", "rbac"), "*.yaml").Select(File.ReadAllText)));

    /// <summary>Every (verb, group, resource) the ClusterRoles and Roles in a multi-document YAML grant.</summary>
    private static HashSet<Permission> Permissions(string yaml)
    {
        var rules = new List<V1PolicyRule>();
        foreach (var document in DocumentSeparator().Split(yaml))
        {
            var kind = KindLine().Match(document).Groups[1].Value;
            if (kind == "ClusterRole")
            {
                rules.AddRange(KubernetesYaml.Deserialize<V1ClusterRole>(document).Rules ?? []);
            }
            else if (kind == "Role")
            {
                rules.AddRange(KubernetesYaml.Deserialize<V1Role>(document).Rules ?? []);
            }
        }

        Assert.NotEmpty(rules);
        Assert.DoesNotContain(rules, r => r.Verbs.Contains("*") || r.Resources?.Contains("*") == true || r.ApiGroups?.Contains("*") == true);
        return [.. from rule in rules
                   from g in rule.ApiGroups ?? [""]
                   from resource in rule.Resources ?? []
                   from verb in rule.Verbs
                   select new Permission(verb, g, resource)];
    }

    private static async Task WaitForAccountAsync(OperatorEnvironment env, string name, long generation) =>
        await LocalKubeCluster.EventuallyAsync(
            async () =>
            {
                var account = await env.GetAccountAsync(name);
                return account.Status?.ObservedGeneration >= generation
                    && account.Status.Conditions?.Any(c => c.Type == ConditionTypes.Ready && c.Status == "True") == true;
            },
            Patience, $"AwsAccount {name} is verified at generation {generation}");

    private static Task PatchAccountAsync(OperatorEnvironment env, string name, string patch) =>
        env.Client.CustomObjects.PatchClusterCustomObjectAsync(new V1Patch(patch, V1Patch.PatchType.MergePatch), ApiGroup.Name, ApiGroup.Version, V1Alpha1AwsAccount.Plural, name);

    private static async Task WaitForAsync(OperatorEnvironment env, string name, Func<V1Alpha1StreamSubscription, bool> condition, string because)
    {
        var current = await env.WaitForSubscriptionAsync(Team, name, s => s.Status?.ObservedGeneration == s.Metadata.Generation && condition(s), Patience);
        Assert.True(current.Status?.ObservedGeneration == current.Metadata.Generation && condition(current),
            $"Timed out: {because}. Conditions: {string.Join("; ", current.Status?.Conditions?.Select(c => $"{c.Type}={c.Status} {c.Message}") ?? [])}");
    }

    private static async Task<bool> ExistsAsync(OperatorEnvironment env, string name)
    {
        try
        {
            await env.GetSubscriptionAsync(Team, name);
            return true;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    [GeneratedRegex(@"^---\s*$", RegexOptions.Multiline)]
    private static partial Regex DocumentSeparator();

    [GeneratedRegex(@"^kind:\s*(\w+)\s*$", RegexOptions.Multiline)]
    private static partial Regex KindLine();

    /// <summary>What one RBAC rule entry allows: a verb on a resource (or resource/subresource) of an API group ("" is core).</summary>
    public sealed record Permission(string Verb, string Group, string Resource) : IComparable<Permission>
    {
        public int CompareTo(Permission? other) => string.CompareOrdinal(ToString(), other?.ToString());

        public override string ToString() => $"{(Group.Length == 0 ? "core" : Group)}/{Resource}: {Verb}";
    }
}
