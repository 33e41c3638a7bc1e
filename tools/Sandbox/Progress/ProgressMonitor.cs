using System.Text.Json.Nodes;
using CrossAccountStreams.Sandbox.Traffic;
using k8s.Autorest;
using LocalAws;

namespace CrossAccountStreams.Sandbox.Progress;

/// <summary>
/// Polls both sides and prints what changed since the last poll: conditions of AwsAccounts and StreamSubscriptions,
/// event source mappings in the target account, and records delivered to functions.
/// </summary>
public sealed class ProgressMonitor(ClusterReader cluster, AwsWorld world, TextWriter output, TimeProvider time)
{
    private readonly ConditionChangeFeed conditions = new();
    private readonly Dictionary<string, MappingView> mappings = new(StringComparer.Ordinal);
    private int invocationsShown;
    private string? tableShown;

    /// <summary>The AwsAccounts as of the last successful poll.</summary>
    public IReadOnlyList<ObjectSnapshot> Accounts { get; private set; } = [];

    /// <summary>The StreamSubscriptions as of the last successful poll.</summary>
    public IReadOnlyList<ObjectSnapshot> Subscriptions { get; private set; } = [];

    /// <summary>Reads and prints; returns false when the API server could not be read this time.</summary>
    public async Task<bool> PollAsync(bool showTableOnChange, CancellationToken cancellationToken)
    {
        IReadOnlyList<ObjectSnapshot> accounts;
        IReadOnlyList<ObjectSnapshot> subscriptions;
        try
        {
            accounts = await cluster.ListAccountsAsync(cancellationToken);
            subscriptions = await cluster.ListSubscriptionsAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException or HttpOperationException or IOException
            || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // A slow or refused read; the next poll tries again.
            return false;
        }

        var now = time.GetUtcNow();
        foreach (var change in conditions.Observe(accounts.Concat(subscriptions)))
        {
            output.WriteLine(change.Format(now));
        }

        Accounts = accounts;
        Subscriptions = subscriptions;
        ShowMappingChanges(now);
        ShowNewDeliveries();
        if (showTableOnChange && SubscriptionTable.Fingerprint(subscriptions) != tableShown)
        {
            ShowTable();
        }

        return true;
    }

    public void ShowTable()
    {
        output.WriteLine();
        output.Write(SubscriptionTable.Render(Subscriptions, time.GetUtcNow()));
        output.WriteLine();
        tableShown = SubscriptionTable.Fingerprint(Subscriptions);
    }

    private void ShowMappingChanges(DateTimeOffset now)
    {
        var current = world.Mappings.ToDictionary(m => m.Uuid, StringComparer.Ordinal);
        foreach (var mapping in current.Values)
        {
            if (!mappings.TryGetValue(mapping.Uuid, out var previous) || previous.State != mapping.State || previous.BatchSize != mapping.BatchSize)
            {
                var source = StreamArns.TableOf(mapping.EventSourceArn)?.ToString() ?? mapping.EventSourceArn;
                output.WriteLine($"{TimeOfDay.Format(now)}  aws {mapping.AccountId}  event source mapping {Short(mapping.Uuid)} "
                    + $"{DeliveryTally.FunctionName(mapping.FunctionArn)} <- {source}: {mapping.State}, batch size {mapping.BatchSize}");
            }
        }

        foreach (var gone in mappings.Keys.Where(uuid => !current.ContainsKey(uuid)))
        {
            output.WriteLine($"{TimeOfDay.Format(now)}  aws {mappings[gone].AccountId}  event source mapping {Short(gone)}: deleted");
        }

        mappings.Clear();
        foreach (var (uuid, mapping) in current)
        {
            mappings[uuid] = mapping;
        }
    }

    private void ShowNewDeliveries()
    {
        var invocations = world.Invocations;
        foreach (var invocation in invocations.Skip(invocationsShown))
        {
            var records = invocation.Event["Records"] as JsonArray ?? [];
            var keys = records.Select(r => r?["dynamodb"]?["Keys"] is JsonObject k ? string.Join('/', k.Select(p => p.Value?["S"]?.ToString() ?? p.Value?["N"]?.ToString())) : "?");
            var function = DeliveryTally.FunctionName(invocation.FunctionArn);
            var functionAccount = invocation.FunctionArn.Split(':') is { Length: > 4 } parts ? parts[4] : "?";
            var source = StreamArns.TableOf(invocation.EventSourceArn)?.ToString() ?? invocation.EventSourceArn;
            output.WriteLine($"{TimeOfDay.Format(invocation.At)}  aws {functionAccount}  {function} received {records.Count} record(s) from {source}: {string.Join(", ", keys)}");
        }

        invocationsShown = invocations.Count;
    }

    private static string Short(string uuid) => uuid.Length > 8 ? uuid[..8] : uuid;
}
