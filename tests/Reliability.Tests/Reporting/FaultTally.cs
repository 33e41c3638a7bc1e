using System.Globalization;
using System.Text;
using LocalAws;
using LocalKube;

namespace CrossAccountStreams.Reliability.Tests.Reporting;

/// <summary>What a run did and what was done to it, from the emulators' own records: calls, faults, restarts, time.</summary>
public static class FaultTally
{
    private static readonly string[] Throttling = ["ThrottlingException", "Throttling", "TooManyRequestsException"];
    private static readonly string[] ServerErrors = ["InternalServerError", "ServiceException", "InternalFailure"];
    private static readonly string[] PolicyWrites = ["PutResourcePolicy", "DeleteResourcePolicy"];

    /// <summary>A call made by the operator: signed by an assumed-role session (the suite's own calls are signed as account roots).</summary>
    public static bool ByOperator(CallRecord call) =>
        call?.CallerArn?.Contains(":assumed-role/", StringComparison.Ordinal) == true;

    public static int Successes(IEnumerable<CallRecord> calls, string operation) =>
        calls.Count(c => ByOperator(c) && c.Operation == operation && c.Outcome == "Success");

    public static string Format(LocalAwsServer aws, LocalKubeServer kube, int restarts, int crashesAfterCreate, int subscriptions,
        IReadOnlyList<(string Phase, TimeSpan Elapsed)> phases)
    {
        ArgumentNullException.ThrowIfNull(aws);
        ArgumentNullException.ThrowIfNull(kube);
        ArgumentNullException.ThrowIfNull(phases);
        var calls = aws.World.Calls.Where(ByOperator).ToList();
        var injected = aws.Faults.Injected;
        var kubeFaults = kube.Faults.Injected;
        var throttled = calls.Count(c => Throttling.Contains(c.Outcome));
        var serverErrors = calls.Count(c => ServerErrors.Contains(c.Outcome));
        var coolDown = calls.Count(c => PolicyWrites.Contains(c.Operation) && c.Outcome == "ResourceInUseException");
        var revisionRaces = calls.Count(c => PolicyWrites.Contains(c.Operation) && c.Outcome == "PolicyNotFoundException");
        var other = calls.Where(c => c.Outcome != "Success" && !Throttling.Contains(c.Outcome) && !ServerErrors.Contains(c.Outcome)
                && !(PolicyWrites.Contains(c.Operation) && c.Outcome is "ResourceInUseException" or "PolicyNotFoundException"))
            .GroupBy(c => $"{c.Operation}:{c.Outcome}").OrderByDescending(g => g.Count()).Select(g => $"{g.Key}={g.Count()}");

        var text = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        text.AppendLine(inv, $"Fault suite: {subscriptions} subscriptions, {restarts} operator restarts (kill -9), {crashesAfterCreate} of them right after CreateEventSourceMapping");
        text.AppendLine(inv, $"  elapsed: {string.Join(", ", phases.Select(p => $"{p.Phase} {p.Elapsed.TotalSeconds:0.0}s"))}, total {phases.Sum(p => p.Elapsed.TotalSeconds):0.0}s");
        var byService = string.Join(", ", calls.GroupBy(c => c.Service).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} {g.Count()}"));
        text.AppendLine(inv, $"  AWS calls by the operator: {calls.Count} ({(double)calls.Count / subscriptions:0.0} per subscription); {byService}");
        text.AppendLine(inv, $"  answered with a fault, then retried: {throttled + serverErrors + coolDown + revisionRaces} (throttled {throttled}, 5xx {serverErrors}, policy cool-down {coolDown}, policy revision races {revisionRaces}); other errors: {string.Join(", ", other.DefaultIfEmpty("none"))}");
        text.AppendLine(inv, $"  AWS faults injected (all callers): throttling {injected.Of(FaultKind.Throttle)}, 5xx {injected.Of(FaultKind.ServerError)}, latency {injected.Of(FaultKind.Latency)}");
        text.AppendLine(inv, $"  writes: CreateEventSourceMapping {Successes(calls, "CreateEventSourceMapping")}, DeleteEventSourceMapping {Successes(calls, "DeleteEventSourceMapping")}, PutResourcePolicy {Successes(calls, "PutResourcePolicy")}, DeleteResourcePolicy {Successes(calls, "DeleteResourcePolicy")}, TagResource {Successes(calls, "TagResource")}");
        text.AppendLine(inv, $"  API server: {kube.Stats.Total} requests, {kube.Stats.Count("update", "streamsubscriptions/status")} status updates; injected {kubeFaults.Conflicts} status conflicts, {kubeFaults.WatchDrops} watch drops, {kubeFaults.Compactions} history compactions (410 Gone)");
        return text.ToString();
    }
}
