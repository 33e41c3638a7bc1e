using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CrossAccountStreams.Operator.Aws.Credentials;
using CrossAccountStreams.Operator.IntegrationTests.Support;
using LocalAws;

namespace CrossAccountStreams.Operator.IntegrationTests.BadInput;

/// <summary>Console capture swaps the process's standard output, so these tests run alone.</summary>
[CollectionDefinition(nameof(ConsoleCaptureCollection), DisableParallelization = true)]
public sealed class ConsoleCaptureCollection;

/// <summary>
/// The operator at Debug level, its Serilog output captured as written to standard output, through successful role
/// assumption, a wrong external ID, a role that trusts nobody and an access denied from Lambda: no secret key,
/// session token or the platform's own secret may appear in the log, in either format.
/// </summary>
[Collection(nameof(ConsoleCaptureCollection))]
public sealed class CredentialLoggingTests
{
    private const string Team = "team";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData("text")]
    [InlineData("json")]
    public async Task No_credential_appears_in_the_Debug_log(string format)
    {
        var (log, issued, assumed) = await RunCapturedAsync(format);

        // The capture holds the operator's Debug output: every AWS call, the failures among them.
        Assert.Contains("AssumeRole", log, StringComparison.Ordinal);
        Assert.Contains("GetCallerIdentity", log, StringComparison.Ordinal);
        Assert.Contains("CreateEventSourceMapping", log, StringComparison.Ordinal);
        Assert.Contains("AccessDenied", log, StringComparison.Ordinal);
        Assert.NotEmpty(issued);

        // LocalAws keeps no list of the secrets it issued; every successful AssumeRole was the operator's, and each
        // one's credentials were recorded as the operator received them.
        Assert.Equal(assumed, issued.Count);

        var secrets = new List<(string What, string Value)> { ("the platform operator's secret key", DefaultWorld.OperatorSecretAccessKey) };
        secrets.AddRange(new[] { DefaultWorld.PlatformAccountId, DefaultWorld.SourceAccountId, DefaultWorld.TargetAccountId, DefaultWorld.SecondSourceAccountId }
            .Select(a => ($"the root secret key of {a}", DefaultWorld.RootSecretAccessKey(a))));
        foreach (var credentials in issued)
        {
            secrets.Add(($"the secret key of {credentials.AccessKeyId}", credentials.SecretAccessKey));
            secrets.Add(($"the session token of {credentials.AccessKeyId}", credentials.SessionToken));
        }

        var searched = format == "json" ? log + "\n" + JsonStringValues(log) : log;
        foreach (var (what, value) in secrets)
        {
            // A fragment too, so a truncated or wrapped secret is caught as well.
            var fragment = value.Length > 24 ? value.Substring(value.Length / 2 - 8, 16) : value;
            Assert.False(searched.Contains(value, StringComparison.Ordinal) || searched.Contains(fragment, StringComparison.Ordinal),
                $"The {format} log contains {what}");
        }
    }

    private static async Task<(string Log, IReadOnlyCollection<TemporaryCredentials> Issued, int Assumed)> RunCapturedAsync(string format)
    {
        var captured = new StringBuilder();
        var original = Console.Out;
        Console.SetOut(TextWriter.Synchronized(new StringWriter(captured)));
        try
        {
            await using var env = await OperatorEnvironment.StartAsync(
                BadInputRun.Seed(),
                new Dictionary<string, string?> { ["Operator:LogLevel"] = "Debug", ["Operator:LogFormat"] = format },
                [Team]);
            await env.CreateAccountAsync(BadInputCorpus.Account("source", DefaultWorld.SourceAccountId, DefaultWorld.SourceRoleArn, DefaultWorld.SourceExternalId, Team));
            await env.CreateAccountAsync(BadInputCorpus.Account("target", DefaultWorld.TargetAccountId, DefaultWorld.TargetRoleArn, DefaultWorld.TargetExternalId, Team));
            await env.CreateAccountAsync(BadInputCorpus.Account("wrong-external-id", DefaultWorld.SourceAccountId, DefaultWorld.SourceRoleArn, "not-the-external-id", Team));
            await env.CreateAccountAsync(BadInputCorpus.Account("trusts-nobody", DefaultWorld.SourceAccountId, BadInputCorpus.RoleTrustingNobody, DefaultWorld.SourceExternalId, Team));

            // Success, a Lambda access denied (the source account's role may not read functions), and refusals
            // caused by AwsAccounts whose role cannot be assumed.
            await env.CreateSubscriptionAsync(Team, BadInputCorpus.Subscription("orders", Team));
            var denied = BadInputCorpus.Subscription("denied", Team);
            denied["spec"]!["target"]!["account"] = "source";
            await env.CreateSubscriptionAsync(Team, denied);
            foreach (var (name, account) in new[] { ("wrong-ext", "wrong-external-id"), ("nobody", "trusts-nobody") })
            {
                var refused = BadInputCorpus.Subscription(name, Team);
                refused["spec"]!["source"]!["account"] = account;
                await env.CreateSubscriptionAsync(Team, refused);
            }

            var orders = await env.WaitForSubscriptionAsync(Team, "orders", OperatorEnvironment.IsReady, Patience);
            Assert.True(OperatorEnvironment.IsReady(orders), "the healthy subscription did not become Ready");
            foreach (var name in new[] { "denied", "wrong-ext", "nobody" })
            {
                var current = await env.WaitForSubscriptionAsync(Team, name, OperatorEnvironment.IsStalled, Patience);
                Assert.True(OperatorEnvironment.IsStalled(current), $"{name} did not end Stalled");
            }

            await env.StopOperatorAsync();
            return (captured.ToString(), env.RoleAssumer.Issued, env.Aws.World.Calls.Count(c => c.Operation == "AssumeRole" && c.HttpStatus == 200));
        }
        finally
        {
            Console.SetOut(original);
        }
    }

    /// <summary>Every string value in the JSON log lines, unescaped, so a secret cannot hide behind JSON escaping.</summary>
    private static string JsonStringValues(string log)
    {
        var text = new StringBuilder();
        foreach (var line in log.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!line.StartsWith('{'))
            {
                continue;
            }

            try
            {
                Collect(JsonNode.Parse(line), text);
            }
            catch (JsonException)
            {
                // Another writer's line interleaved with ours; the raw text is searched as well.
            }
        }

        return text.ToString();

        static void Collect(JsonNode? node, StringBuilder into)
        {
            switch (node)
            {
                case JsonObject obj:
                    foreach (var (_, value) in obj)
                    {
                        Collect(value, into);
                    }

                    break;
                case JsonArray array:
                    foreach (var item in array)
                    {
                        Collect(item, into);
                    }

                    break;
                case JsonValue value when value.TryGetValue<string>(out var s):
                    into.AppendLine(s);
                    break;
            }
        }
    }
}
