using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace CrossAccountStreams.Operator.Reconciliation.Policy;

/// <summary>
/// The one statement a subscription owns in a stream's resource policy: exactly the three read actions, for exactly
/// the function's execution role, on exactly the stream.
/// </summary>
public sealed record StreamReadStatement(string Sid, string PrincipalRoleArn, string StreamArn)
{
    /// <summary>What Lambda needs to read a stream, and nothing more (ListStreams has no resource-level permissions).</summary>
    public static IReadOnlyList<string> Actions { get; } = ["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"];

    public JsonObject ToJson() => new()
    {
        ["Sid"] = Sid,
        ["Effect"] = "Allow",
        ["Principal"] = new JsonObject { ["AWS"] = PrincipalRoleArn },
        ["Action"] = new JsonArray([.. Actions.Select(a => JsonValue.Create(a))]),
        ["Resource"] = StreamArn,
    };
}

/// <summary>
/// Statement IDs that encode ownership. IAM allows only <c>[A-Za-z0-9]</c> in a Sid, so the owner
/// (namespace/name/uid) is hashed: the prefix marks statements this operator owns, the hash says which subscription.
/// The uid makes a re-created object with the same name a different owner.
/// </summary>
public static class StatementIds
{
    public const string Prefix = "StreamSubscription";

    public static string For(string? ns, string name, string? uid)
    {
        var owner = $"{ns}/{name}/{uid}";
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(owner)))[..32];
        return Prefix + hash;
    }

    public static bool IsOperatorOwned(string? sid) => sid is not null && sid.StartsWith(Prefix, StringComparison.Ordinal);
}
