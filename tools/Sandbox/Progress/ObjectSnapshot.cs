namespace CrossAccountStreams.Sandbox.Progress;

/// <summary>One condition as the API server holds it.</summary>
public sealed record ConditionSnapshot(string Type, string Status, string? Reason, string? Message);

/// <summary>
/// What the sandbox shows of one object: its conditions and, for a StreamSubscription, the columns of
/// <c>kubectl get ssub</c>. <see cref="Id"/> is <c>namespace/name</c>, or <c>awsaccount/name</c> for an AwsAccount.
/// </summary>
public sealed record ObjectSnapshot(string Id, IReadOnlyList<ConditionSnapshot> Conditions)
{
    public string? Namespace { get; init; }

    public string Name { get; init; } = "";

    public string? Source { get; init; }

    public string? Function { get; init; }

    public string? MappingState { get; init; }

    public string? MappingUuid { get; init; }

    public DateTimeOffset? Created { get; init; }

    public ConditionSnapshot? Condition(string type) => Conditions.FirstOrDefault(c => c.Type == type);

    /// <summary>Ready=True, as kstatus and <c>kubectl wait --for=condition=Ready</c> read it.</summary>
    public bool IsReady => Condition("Ready")?.Status == "True";
}
