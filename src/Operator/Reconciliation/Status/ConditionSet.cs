using CrossAccountStreams.Entities;
using k8s.Models;

namespace CrossAccountStreams.Operator.Reconciliation.Status;

/// <summary>
/// Sets conditions the way <c>meta.SetStatusCondition</c> does: <c>lastTransitionTime</c> moves only when the status
/// flips, every condition carries the generation it describes, and other conditions are left alone.
/// </summary>
public static class ConditionSet
{
    public const string True = "True";
    public const string False = "False";
    public const string Unknown = "Unknown";

    public static List<V1Condition> Copy(IEnumerable<V1Condition>? conditions) =>
        conditions is null ? [] : [.. conditions.Select(c => c with { })];

    public static void Set(List<V1Condition> conditions, string type, string status, string reason, string message, long? generation, DateTime now)
    {
        var existing = conditions.FindIndex(c => c.Type == type);
        var transition = existing >= 0 && conditions[existing].Status == status ? conditions[existing].LastTransitionTime : now;
        var updated = new V1Condition
        {
            Type = type,
            Status = status,
            Reason = reason,
            Message = message,
            ObservedGeneration = generation,
            LastTransitionTime = transition,
        };
        if (existing >= 0)
        {
            conditions[existing] = updated;
        }
        else
        {
            conditions.Add(updated);
        }
    }

    public static V1Condition? Find(IEnumerable<V1Condition>? conditions, string type) => conditions?.FirstOrDefault(c => c.Type == type);

    /// <summary>Whether status says Ready=True for the object's current generation.</summary>
    public static bool ReadyFor(IEnumerable<V1Condition>? conditions, long? observedGeneration, long? generation) =>
        observedGeneration == generation && Find(conditions, ConditionTypes.Ready) is { Status: True };

    /// <summary>Whether two condition lists say the same thing (order included, since writes keep it stable).</summary>
    public static bool Same(IList<V1Condition>? left, IList<V1Condition>? right)
    {
        if ((left?.Count ?? 0) != (right?.Count ?? 0))
        {
            return false;
        }

        for (var i = 0; i < (left?.Count ?? 0); i++)
        {
            var a = left![i];
            var b = right![i];
            if (a.Type != b.Type || a.Status != b.Status || a.Reason != b.Reason || a.Message != b.Message
                || a.ObservedGeneration != b.ObservedGeneration || a.LastTransitionTime != b.LastTransitionTime)
            {
                return false;
            }
        }

        return true;
    }
}
