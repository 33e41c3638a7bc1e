using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using CrossAccountStreams.Entities.V1Alpha1;
using CrossAccountStreams.Operator.IntegrationTests.Support;
using k8s.Autorest;
using LocalAws;

namespace CrossAccountStreams.Operator.IntegrationTests.BadInput;

/// <summary>
/// Runs the whole corpus in one batch against one operator: the AwsAccounts "source" and "target", then every bad
/// case (a healthy subscription is applied half-way through), then, once every admitted case has settled, a second
/// healthy subscription. The tests read the outcomes recorded here.
/// </summary>
public sealed class BadInputRun : IAsyncLifetime
{
    public const string HealthyNamespace = "healthy";
    public const string HealthyDuring = "during";
    public const string HealthyAfter = "after";

    private static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(90);

    private readonly Dictionary<string, CaseOutcome> outcomes = new(StringComparer.Ordinal);

    public OperatorEnvironment Env { get; private set; } = null!;

    public IReadOnlyDictionary<string, CaseOutcome> Outcomes => outcomes;

    public V1Alpha1StreamSubscription? During { get; private set; }

    public V1Alpha1StreamSubscription? After { get; private set; }

    public TimeSpan BadCasesSettledIn { get; private set; }

    public TimeSpan Total { get; private set; }

    public bool HealthyAtTheEnd { get; private set; }

    public async Task InitializeAsync()
    {
        var total = Stopwatch.StartNew();
        Env = await OperatorEnvironment.StartAsync(Seed());
        foreach (var ns in new[] { BadInputCorpus.Namespace, BadInputCorpus.ForeignNamespace, HealthyNamespace })
        {
            await Env.CreateNamespaceAsync(ns);
        }

        string[] allowed = [BadInputCorpus.Namespace, HealthyNamespace];
        await Env.CreateAccountAsync(BadInputCorpus.Account("source", DefaultWorld.SourceAccountId, DefaultWorld.SourceRoleArn, DefaultWorld.SourceExternalId, allowed));
        await Env.CreateAccountAsync(BadInputCorpus.Account("target", DefaultWorld.TargetAccountId, DefaultWorld.TargetRoleArn, DefaultWorld.TargetExternalId, allowed));
        foreach (var name in new[] { "source", "target" })
        {
            await WaitForAccountReadyAsync(name);
        }

        var bad = Stopwatch.StartNew();
        var cases = BadInputCorpus.All;
        var half = cases.Count / 2;
        await ApplyAsync(cases.Take(half));
        await Env.CreateSubscriptionAsync(HealthyNamespace, BadInputCorpus.Subscription(HealthyDuring, HealthyNamespace));
        await ApplyAsync(cases.Skip(half));
        await SettleAsync(cases);
        BadCasesSettledIn = bad.Elapsed;

        await Env.CreateSubscriptionAsync(HealthyNamespace, BadInputCorpus.Subscription(HealthyAfter, HealthyNamespace, DefaultWorld.AnalyticsIngestFunctionName));
        During = await Env.WaitForSubscriptionAsync(HealthyNamespace, HealthyDuring, OperatorEnvironment.IsReady, SettleTimeout);
        After = await Env.WaitForSubscriptionAsync(HealthyNamespace, HealthyAfter, OperatorEnvironment.IsReady, SettleTimeout);

        // Read every admitted case once more at the end: a Stalled verdict must also be stable.
        await SettleAsync(cases);
        HealthyAtTheEnd = await Env.IsHealthyAsync();
        Total = total.Elapsed;
    }

    public Task DisposeAsync() => Env.DisposeAsync().AsTask();

    /// <summary>The default world plus a role that trusts nobody and a table without a stream, both in the source account.</summary>
    public static WorldSeed Seed()
    {
        var seed = DefaultWorld.Create();
        var platform = seed.Accounts.Single(a => a.Id == DefaultWorld.PlatformAccountId);
        var operatorPolicy = platform.Roles.Single(r => r.Name == DefaultWorld.OperatorRoleName).Policies[0];

        // The operator may assume it: only the role's own trust policy refuses.
        operatorPolicy["Statement"]![0]!["Resource"]!.AsArray().Add(BadInputCorpus.RoleTrustingNobody);
        var source = seed.Accounts.Single(a => a.Id == DefaultWorld.SourceAccountId);
        source.Roles.Add(new RoleSeed
        {
            Name = "trusts-nobody",
            TrustPolicy = JsonNode.Parse("""
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444444444444:root"},"Action":["sts:AssumeRole","sts:TagSession"]}]}
                """)!,
            Policies = [JsonNode.Parse("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["dynamodb:*"],"Resource":["*"]}]}""")!],
        });
        source.Tables.Add(new TableSeed { Name = BadInputCorpus.TableWithoutStream, HashKey = "id" });
        return seed;
    }

    private async Task ApplyAsync(IEnumerable<BadInputCase> cases)
    {
        var results = await Task.WhenAll(cases.Select(async c => (c, await ApplyAsync(c))));
        foreach (var (c, outcome) in results)
        {
            outcomes[c.Name] = outcome;
        }
    }

    private async Task<CaseOutcome> ApplyAsync(BadInputCase c)
    {
        var validation = c.StrictFieldValidation ? "Strict" : null;
        foreach (var account in c.Accounts)
        {
            try
            {
                await Env.CreateAccountAsync(account, validation);
            }
            catch (HttpOperationException e)
            {
                return new CaseOutcome((int)e.Response.StatusCode, e.Response.Content, "AwsAccount", null);
            }
        }

        if (c.Subscription is null)
        {
            return new CaseOutcome(null, null, null, null);
        }

        try
        {
            await Env.CreateSubscriptionAsync(c.Namespace, c.Subscription, validation);
            return new CaseOutcome(null, null, null, null);
        }
        catch (HttpOperationException e)
        {
            return new CaseOutcome((int)e.Response.StatusCode, e.Response.Content, "StreamSubscription", null);
        }
    }

    /// <summary>Waits until every admitted subscription is Stalled or Ready for its current generation.</summary>
    private async Task SettleAsync(IReadOnlyList<BadInputCase> cases)
    {
        var deadline = DateTime.UtcNow + SettleTimeout;
        var pending = cases.Where(c => !outcomes[c.Name].Rejected && c.Subscription is not null).ToList();
        while (pending.Count > 0)
        {
            var still = new List<BadInputCase>();
            foreach (var c in pending)
            {
                var current = await Env.GetSubscriptionAsync(c.Namespace, SubscriptionName(c));
                outcomes[c.Name] = outcomes[c.Name] with { Final = current };
                var settled = current.Status?.ObservedGeneration == current.Metadata.Generation
                    && (OperatorEnvironment.IsStalled(current) || OperatorEnvironment.IsReady(current));
                if (!settled)
                {
                    still.Add(c);
                }
            }

            pending = still;
            if (pending.Count == 0 || DateTime.UtcNow > deadline)
            {
                return;
            }

            await Task.Delay(250);
        }
    }

    public static string SubscriptionName(BadInputCase c) => c.Subscription!["metadata"]!["name"]!.GetValue<string>();

    private async Task WaitForAccountReadyAsync(string name)
    {
        var deadline = DateTime.UtcNow + SettleTimeout;
        while (true)
        {
            try
            {
                var account = await Env.GetAccountAsync(name);
                if (account.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true)
                {
                    return;
                }

                if (DateTime.UtcNow > deadline)
                {
                    Assert.Fail($"AwsAccount {name} did not become Ready: {string.Join("; ", account.Status?.Conditions?.Select(c => $"{c.Type}={c.Status} {c.Message}") ?? [])}");
                }
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound && DateTime.UtcNow < deadline)
            {
                // Not visible yet.
            }

            await Task.Delay(100);
        }
    }
}
