using CrossAccountStreams.Entities;

namespace CrossAccountStreams.Operator.Reconciliation.Status;

/// <summary>Where one step of a reconcile ended.</summary>
public enum StepState
{
    /// <summary>The step's part of AWS matches the spec.</summary>
    Done,

    /// <summary>AWS is still applying a change (e.g. a mapping Creating); check again soon.</summary>
    InProgress,

    /// <summary>A throttle or server error; retried with back-off.</summary>
    Transient,

    /// <summary>Observe-only: AWS differs from the spec and the operator may not change it.</summary>
    Drifted,

    /// <summary>Cannot converge without a change to the spec or to AWS outside the operator's control.</summary>
    Stalled,

    /// <summary>Not reached in this pass.</summary>
    NotChecked,
}

/// <summary>The outcome of one step, which becomes its detail condition.</summary>
public sealed record StepOutcome(StepState State, string Reason, string Message)
{
    public string ConditionStatus => State switch
    {
        StepState.Done => ConditionSet.True,
        StepState.NotChecked or StepState.Transient => ConditionSet.Unknown,
        _ => ConditionSet.False,
    };

    public static StepOutcome Done(string message) => new(StepState.Done, ConditionReasons.Synced, message);

    public static StepOutcome NotChecked(string message) => new(StepState.NotChecked, ConditionReasons.Progressing, message);
}

/// <summary>The summary of a reconcile: what Ready, Reconciling and Stalled say.</summary>
public sealed record Verdict(StepState State, string Reason, string Message)
{
    /// <summary>Stalled wins over everything, then errors being retried, then work in progress, then drift.</summary>
    public static Verdict Derive(params IReadOnlyList<StepOutcome> steps)
    {
        foreach (var state in (StepState[])[StepState.Stalled, StepState.Transient, StepState.InProgress, StepState.Drifted, StepState.NotChecked])
        {
            if (steps.FirstOrDefault(s => s.State == state) is { } step)
            {
                return new Verdict(state == StepState.NotChecked ? StepState.InProgress : state, step.Reason, step.Message);
            }
        }

        return new Verdict(StepState.Done, ConditionReasons.Synced, "The stream policy statement and the event source mapping match the spec.");
    }
}
