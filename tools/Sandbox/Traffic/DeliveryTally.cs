using System.Text.Json.Nodes;
using LocalAws;

namespace CrossAccountStreams.Sandbox.Traffic;

/// <summary>An item a function received: from which table, under which key.</summary>
public sealed record ReceivedItem(string Function, SourceTable Table, string Key);

/// <summary>What one function was meant to receive and what it did.</summary>
public sealed record FunctionDeliveries(string Function, int Written, int Received, IReadOnlyList<string> Missing, IReadOnlyList<string> Unexpected)
{
    public bool Complete => Written > 0 && Received == Written && Unexpected.Count == 0;
}

/// <summary>Matches the records delivered to functions (LocalAws invocations) against the plan.</summary>
public static class DeliveryTally
{
    /// <summary>The items in the invocations, once each, keyed by the hash key attribute of their table.</summary>
    public static IReadOnlyList<ReceivedItem> Received(IEnumerable<Invocation> invocations, Func<SourceTable, string> keyAttribute)
    {
        ArgumentNullException.ThrowIfNull(invocations);
        ArgumentNullException.ThrowIfNull(keyAttribute);
        var received = new List<ReceivedItem>();
        foreach (var invocation in invocations)
        {
            var function = FunctionName(invocation.FunctionArn);
            if (StreamArns.TableOf(invocation.EventSourceArn) is not { } table || invocation.Event["Records"] is not JsonArray records)
            {
                continue;
            }

            var key = keyAttribute(table);
            foreach (var record in records)
            {
                if (record?["dynamodb"]?["Keys"]?[key]?["S"]?.GetValue<string>() is { } value)
                {
                    received.Add(new ReceivedItem(function, table, value));
                }
            }
        }

        return [.. received.Distinct()];
    }

    /// <summary>Per function of the plan: written (expected), received of those, missing and unexpected items.</summary>
    public static IReadOnlyList<FunctionDeliveries> Compare(TrafficPlan plan, IReadOnlyList<ReceivedItem> received)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(received);
        var functions = plan.Expected.Select(e => e.Function).Distinct().Order(StringComparer.Ordinal);
        return [.. functions.Select(function =>
        {
            var expected = plan.Expected.Where(e => e.Function == function).Select(e => (e.Table, e.Key)).Distinct().ToList();
            var got = received.Where(r => r.Function == function).Select(r => (r.Table, r.Key)).ToHashSet();
            return new FunctionDeliveries(
                function,
                expected.Count,
                expected.Count(got.Contains),
                [.. expected.Where(e => !got.Contains(e)).Select(e => $"{e.Table.TableName}/{e.Key}")],
                [.. got.Where(g => !expected.Contains(g)).Select(g => $"{g.Table.TableName}/{g.Key}").Order(StringComparer.Ordinal)]);
        })];
    }

    /// <summary><c>arn:aws:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER]</c> to NAME; anything else as it is.</summary>
    public static string FunctionName(string functionArn)
    {
        ArgumentNullException.ThrowIfNull(functionArn);
        var parts = functionArn.Split(':');
        return parts.Length >= 7 && parts[5] == "function" ? parts[6] : functionArn;
    }
}
