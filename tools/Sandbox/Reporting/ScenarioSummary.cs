using System.Text;
using CrossAccountStreams.Sandbox.Traffic;

namespace CrossAccountStreams.Sandbox.Reporting;

/// <summary>Whether one subscription reached Ready, and if not, its Ready condition's reason and message.</summary>
public sealed record SubscriptionOutcome(string Id, bool Ready, string? Reason, string? Message);

/// <summary>
/// The end of a <c>--once</c> run. Its lines are stable so scripts can read them:
/// <c>subscription NS/NAME: Ready (REASON)</c> or <c>subscription NS/NAME: NOT READY (REASON: MESSAGE)</c>,
/// <c>function NAME: received R of W written items</c>, and a last line <c>Result: converged</c> or
/// <c>Result: NOT converged</c>.
/// </summary>
public sealed record ScenarioSummary(IReadOnlyList<SubscriptionOutcome> Subscriptions, IReadOnlyList<FunctionDeliveries> Functions, IReadOnlyList<string> Problems)
{
    public bool Converged =>
        Problems.Count == 0
        && Subscriptions.Count > 0
        && Subscriptions.All(s => s.Ready)
        && Functions.Count > 0
        && Functions.All(f => f.Complete);

    public string Render()
    {
        var text = new StringBuilder("Summary\n");
        foreach (var subscription in Subscriptions)
        {
            text.Append("  subscription ").Append(subscription.Id).Append(": ").Append(subscription.Ready
                ? $"Ready ({subscription.Reason})"
                : $"NOT READY ({subscription.Reason ?? "no Ready condition"}{(string.IsNullOrEmpty(subscription.Message) ? "" : ": " + subscription.Message)})").Append('\n');
        }

        foreach (var function in Functions)
        {
            text.Append("  function ").Append(function.Function).Append(": received ").Append(function.Received)
                .Append(" of ").Append(function.Written).Append(" written items");
            if (function.Missing.Count > 0)
            {
                text.Append("; missing ").Append(string.Join(", ", function.Missing));
            }

            if (function.Unexpected.Count > 0)
            {
                text.Append("; also received items its filters exclude: ").Append(string.Join(", ", function.Unexpected));
            }

            text.Append('\n');
        }

        foreach (var problem in Problems)
        {
            text.Append("  problem: ").Append(problem).Append('\n');
        }

        text.Append("Result: ").Append(Converged ? "converged" : "NOT converged").Append('\n');
        return text.ToString();
    }
}
