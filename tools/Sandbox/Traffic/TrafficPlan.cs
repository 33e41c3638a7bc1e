using System.Text.Json.Nodes;
using CrossAccountStreams.Entities.V1Alpha1;
using CrossAccountStreams.Sandbox.Samples;

namespace CrossAccountStreams.Sandbox.Traffic;

/// <summary>A DynamoDB table in a source account.</summary>
public sealed record SourceTable(string AccountId, string Region, string TableName)
{
    public override string ToString() => $"{AccountId}/{TableName}";
}

/// <summary>An item the sandbox writes: its key value and its other (string) attributes.</summary>
public sealed record PlannedItem(SourceTable Table, string Key, IReadOnlyDictionary<string, string> Attributes);

/// <summary>An item that should reach a function: through which subscription, from which table.</summary>
public sealed record ExpectedDelivery(string Function, string Subscription, SourceTable Table, string Key);

/// <summary>
/// The items to write to every source table of the samples and, per function, the ones it should receive: every
/// item of its subscriptions' tables that their filters let through.
/// </summary>
public sealed record TrafficPlan(IReadOnlyList<SourceTable> Tables, IReadOnlyList<PlannedItem> Items, IReadOnlyList<ExpectedDelivery> Expected)
{
    /// <summary>Each table gets one item per status, so a filter on the status lets some through and not others.</summary>
    public static readonly IReadOnlyList<string> Statuses = ["PLACED", "PAID", "REFUNDED"];

    /// <summary>The source tables the samples' subscriptions read (subscriptions naming an unknown account are left out).</summary>
    public static IReadOnlyList<SourceTable> TablesOf(SampleSet samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        return [.. samples.Subscriptions.Select(s => TableOf(s, samples)).OfType<SourceTable>().Distinct()];
    }

    /// <param name="samples">The samples applied.</param>
    /// <param name="keyAttribute">The hash key attribute of each table.</param>
    /// <param name="filterMatches">Whether a filter pattern matches a stream record (Lambda's event filtering).</param>
    public static TrafficPlan Create(SampleSet samples, Func<SourceTable, string> keyAttribute, Func<string, JsonObject, bool> filterMatches)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(keyAttribute);
        ArgumentNullException.ThrowIfNull(filterMatches);
        var tables = TablesOf(samples);
        var items = tables
            .SelectMany(table => Statuses.Select((status, i) => new PlannedItem(
                table,
                $"{table.TableName.ToLowerInvariant()}-{i + 1}",
                new Dictionary<string, string> { ["status"] = status, ["writtenBy"] = "sandbox" })))
            .ToList();
        var expected = new List<ExpectedDelivery>();
        foreach (var subscription in samples.Subscriptions)
        {
            if (TableOf(subscription, samples) is not { } table)
            {
                continue;
            }

            var patterns = subscription.Spec.Mapping?.Filters?.Select(f => f.Pattern).ToList() ?? [];
            var id = $"{subscription.Metadata.NamespaceProperty}/{subscription.Metadata.Name}";
            expected.AddRange(items
                .Where(item => item.Table == table)
                .Where(item => patterns.Count == 0 || patterns.Any(p => filterMatches(p, InsertRecord(item, keyAttribute(table)))))
                .Select(item => new ExpectedDelivery(subscription.Spec.Target.FunctionName, id, table, item.Key)));
        }

        return new TrafficPlan(tables, items, expected);
    }

    /// <summary>The stream record an INSERT of the item produces (NEW_AND_OLD_IMAGES), as filters see it.</summary>
    public static JsonObject InsertRecord(PlannedItem item, string keyAttribute)
    {
        ArgumentNullException.ThrowIfNull(item);
        var image = new JsonObject { [keyAttribute] = new JsonObject { ["S"] = item.Key } };
        foreach (var (name, value) in item.Attributes)
        {
            image[name] = new JsonObject { ["S"] = value };
        }

        return new JsonObject
        {
            ["eventName"] = "INSERT",
            ["eventSource"] = "aws:dynamodb",
            ["awsRegion"] = item.Table.Region,
            ["dynamodb"] = new JsonObject
            {
                ["Keys"] = new JsonObject { [keyAttribute] = new JsonObject { ["S"] = item.Key } },
                ["NewImage"] = image,
                ["StreamViewType"] = "NEW_AND_OLD_IMAGES",
            },
        };
    }

    private static SourceTable? TableOf(V1Alpha1StreamSubscription subscription, SampleSet samples)
    {
        var source = subscription.Spec.Source;
        var account = samples.Accounts.FirstOrDefault(a => a.Metadata.Name == source.Account);
        if (account is null)
        {
            return null;
        }

        if (!string.IsNullOrEmpty(source.TableName))
        {
            return new SourceTable(account.Spec.AccountId, source.Region, source.TableName);
        }

        return StreamArns.TableOf(source.StreamArn);
    }
}
