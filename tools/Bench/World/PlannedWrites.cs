using LocalAws.Limits;

namespace CrossAccountStreams.Bench.World;

/// <summary>
/// The AWS writes a world needs, whatever the operator's design: one statement in the stream policy per subscription
/// (PutResourcePolicy in the source account) and one event source mapping per subscription (CreateEventSourceMapping in
/// the target account).
/// </summary>
public static class PlannedWrites
{
    public static IReadOnlyDictionary<(string Account, string Family), int> Of(BenchWorld world)
    {
        ArgumentNullException.ThrowIfNull(world);
        var writes = new Dictionary<(string Account, string Family), int>();
        foreach (var subscription in world.Subscriptions)
        {
            Add((BenchWorld.SourceAccountId(subscription.SourceAccount), RateLimitOptions.FamilyOf(LocalAws.Protocols.AwsService.DynamoDb, "PutResourcePolicy")));
            Add((BenchWorld.TargetAccountId(subscription.TargetAccount), RateLimitOptions.FamilyOf(LocalAws.Protocols.AwsService.Lambda, "CreateEventSourceMapping")));
        }

        return writes;

        void Add((string Account, string Family) key) => writes[key] = writes.GetValueOrDefault(key) + 1;
    }
}
