namespace CrossAccountStreams.Sandbox.Progress;

/// <summary>A condition that appeared or changed status, reason or message, or an object that went away.</summary>
public sealed record ConditionChange(string Id, ConditionSnapshot? Condition)
{
    /// <summary><c>HH:mm:ss  orders/name  Ready=False Progressing: message</c>, or <c>... deleted</c>.</summary>
    public string Format(DateTimeOffset at)
    {
        var time = TimeOfDay.Format(at);
        if (Condition is null)
        {
            return $"{time}  {Id}  deleted";
        }

        var reason = string.IsNullOrEmpty(Condition.Reason) ? "" : $" {Condition.Reason}";
        var message = string.IsNullOrEmpty(Condition.Message) ? "" : $": {Condition.Message}";
        return $"{time}  {Id}  {Condition.Type}={Condition.Status}{reason}{message}";
    }
}

/// <summary>Turns successive snapshots of objects into the changes between them, one per condition.</summary>
public sealed class ConditionChangeFeed
{
    private readonly Dictionary<string, Dictionary<string, ConditionSnapshot>> seen = new(StringComparer.Ordinal);

    /// <summary>
    /// Compares <paramref name="objects"/>, every object of the kinds watched, with the previous call and returns
    /// what changed, in the order of the objects and of their conditions.
    /// </summary>
    public IReadOnlyList<ConditionChange> Observe(IEnumerable<ObjectSnapshot> objects)
    {
        ArgumentNullException.ThrowIfNull(objects);
        var changes = new List<ConditionChange>();
        var present = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in objects)
        {
            present.Add(item.Id);
            if (!seen.TryGetValue(item.Id, out var known))
            {
                known = new Dictionary<string, ConditionSnapshot>(StringComparer.Ordinal);
                seen[item.Id] = known;
            }

            foreach (var condition in item.Conditions)
            {
                if (!known.TryGetValue(condition.Type, out var previous) || previous != condition)
                {
                    known[condition.Type] = condition;
                    changes.Add(new ConditionChange(item.Id, condition));
                }
            }
        }

        foreach (var gone in seen.Keys.Where(id => !present.Contains(id)).ToList())
        {
            seen.Remove(gone);
            changes.Add(new ConditionChange(gone, null));
        }

        return changes;
    }
}
