using System.Text.Json.Nodes;
using LocalAws.Services.DynamoDb;
using LocalAws.Services.Lambda;

namespace LocalAws.DataPlane;

/// <summary>
/// The Lambda poller: every Enabled mapping reads its stream from its checkpoint and hands batches of matching records
/// to the function, recording each delivery as an <see cref="Invocation"/>. Before reading it checks, as Lambda does
/// with the execution role's credentials, that the role may still read the stream; if not, delivery stops and
/// LastProcessingResult reports the problem.
/// </summary>
public sealed class StreamPoller(AwsWorld world)
{
    public const string PermissionProblem = "PROBLEM: Function does not have permission to read the stream";
    public const string StreamMissingProblem = "PROBLEM: Stream not found";

    /// <summary>Runs one polling round over every mapping; returns how many invocations it recorded.</summary>
    public int PollOnce()
    {
        var delivered = 0;
        lock (world.Sync)
        {
            var now = world.Time.GetUtcNow();
            MappingLifecycle.Advance(world, now);
            foreach (var mapping in world.MappingList.Where(m => m.State == "Enabled").ToList())
            {
                delivered += Poll(mapping, now);
            }
        }
        return delivered;
    }

    private int Poll(EventSourceMapping mapping, DateTimeOffset now)
    {
        var stream = world.FindStream(mapping.EventSourceArn);
        if (stream is null)
        {
            mapping.LastProcessingResult = StreamMissingProblem;
            return 0;
        }
        var function = world.FindAccount(mapping.AccountId)?.Functions.Values.FirstOrDefault(f =>
            mapping.FunctionArn == f.Arn || mapping.FunctionArn.StartsWith(f.Arn + ":", StringComparison.Ordinal));
        var role = function is null ? null : world.FindRole(function.Role);
        if (role is null || !StreamReadAccess.RoleCanRead(world, role, stream))
        {
            mapping.LastProcessingResult = PermissionProblem;
            return 0;
        }
        var filters = mapping.FilterPatterns?.Select(p => EventPattern.TryParse(p, out _)).OfType<EventPattern>().ToList();
        var invocations = 0;
        while (true)
        {
            var pending = stream.Records.Where(r => r.Sequence > mapping.Checkpoint).ToList();
            if (pending.Count == 0)
            {
                if (mapping.LastProcessingResult.StartsWith("PROBLEM", StringComparison.Ordinal))
                {
                    mapping.LastProcessingResult = "OK";
                }
                return invocations;
            }
            if (pending.Count < mapping.BatchSize && mapping.MaximumBatchingWindowInSeconds > 0
                && now - pending[0].At < TimeSpan.FromSeconds(mapping.MaximumBatchingWindowInSeconds))
            {
                return invocations;
            }
            var batch = new JsonArray();
            long last = mapping.Checkpoint;
            foreach (var record in pending)
            {
                var json = record.ToJson(stream.ViewType, world.Region, stream.Arn);
                last = record.Sequence;
                if (filters is null || filters.Count == 0 || filters.Any(f => f.Matches(json)))
                {
                    batch.Add(json);
                    if (batch.Count == mapping.BatchSize)
                    {
                        break;
                    }
                }
            }
            mapping.Checkpoint = last;
            if (batch.Count > 0)
            {
                world.AddInvocation(new Invocation(world.NewGuid().ToString(), mapping.Uuid, mapping.FunctionArn, stream.Arn, now,
                    new JsonObject { ["Records"] = batch }));
                invocations++;
            }
            mapping.LastProcessingResult = "OK";
        }
    }
}
