using System.Globalization;

namespace CrossAccountStreams.Bench.World;

/// <summary>One subscription of the bench: which table (in which source account) feeds which function (in which target account).</summary>
public sealed record PlannedSubscription(string Namespace, string Name, int SourceAccount, string TableName, int TargetAccount, string FunctionName);

/// <summary>
/// The shape of the world for N subscriptions: a fixed number of source and target accounts, two subscriptions per
/// stream (DynamoDB throttles a shard read by more than two consumers), each pair going to functions in two different
/// target accounts, and each function consuming several streams (fan-in). Pure: the same N gives the same world.
/// </summary>
public sealed record BenchWorld(
    int SourceAccounts,
    int TargetAccounts,
    int TablesPerSourceAccount,
    int FunctionsPerTargetAccount,
    int Namespaces,
    IReadOnlyList<PlannedSubscription> Subscriptions)
{
    public const int AccountsPerSide = 10;
    public const int SubscriptionsPerStream = 2;
    public const int StreamsPerFunction = 5;

    public int Streams => Subscriptions.Select(s => (s.SourceAccount, s.TableName)).Distinct().Count();

    public static string SourceAccountId(int index) => "3" + index.ToString("D11", CultureInfo.InvariantCulture);

    public static string TargetAccountId(int index) => "4" + index.ToString("D11", CultureInfo.InvariantCulture);

    public static string SourceAccountName(int index) => $"source-{index:D2}";

    public static string TargetAccountName(int index) => $"target-{index:D2}";

    public static string NamespaceName(int index) => $"bench-{index:D2}";

    public static BenchWorld Plan(int subscriptions)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(subscriptions, 1);
        var streams = (subscriptions + SubscriptionsPerStream - 1) / SubscriptionsPerStream;
        var tablesPerAccount = (streams + AccountsPerSide - 1) / AccountsPerSide;
        // Each function reads StreamsPerFunction streams; the N mappings spread evenly over the target accounts.
        var mappingsPerTarget = (subscriptions + AccountsPerSide - 1) / AccountsPerSide;
        var functionsPerAccount = Math.Max(1, (mappingsPerTarget + StreamsPerFunction - 1) / StreamsPerFunction);
        var planned = new List<PlannedSubscription>(subscriptions);
        for (var i = 0; i < subscriptions; i++)
        {
            var stream = i / SubscriptionsPerStream;
            var source = stream % AccountsPerSide;
            var table = $"table-{stream / AccountsPerSide:D4}";
            // The two readers of a stream are consecutive i, so they land in different target accounts: the pair
            // (stream, function) is unique, as Lambda requires one mapping per stream and function.
            var target = i % AccountsPerSide;
            var function = $"fn-{i / AccountsPerSide % functionsPerAccount:D4}";
            planned.Add(new PlannedSubscription(NamespaceName(i % AccountsPerSide), $"sub-{i:D5}", source, table, target, function));
        }

        return new BenchWorld(AccountsPerSide, AccountsPerSide, tablesPerAccount, functionsPerAccount, AccountsPerSide, planned);
    }
}
