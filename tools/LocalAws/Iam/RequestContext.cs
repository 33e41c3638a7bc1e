namespace LocalAws.Iam;

/// <summary>What is being authorised: who, which action, on what, with which condition keys.</summary>
public sealed record RequestContext(Caller Caller, string Action, string Resource, string ResourceAccountId)
{
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Keys { get; init; } =
        new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);

    /// <summary>The condition keys of the request: the given ones plus the global principal keys.</summary>
    public IReadOnlyList<string>? Lookup(string key)
    {
        if (Keys.TryGetValue(key, out var values))
        {
            return values;
        }
        if (key.Equals("aws:PrincipalArn", StringComparison.OrdinalIgnoreCase))
        {
            return [Caller.PrincipalArn];
        }
        if (key.Equals("aws:PrincipalAccount", StringComparison.OrdinalIgnoreCase))
        {
            return [Caller.AccountId];
        }
        if (key.Equals("aws:userid", StringComparison.OrdinalIgnoreCase))
        {
            return [Caller.UserId];
        }
        if (key.StartsWith("aws:PrincipalTag/", StringComparison.OrdinalIgnoreCase))
        {
            var tag = key["aws:PrincipalTag/".Length..];
            return Caller.SessionTags.TryGetValue(tag, out var value) ? [value] : null;
        }
        return null;
    }
}
