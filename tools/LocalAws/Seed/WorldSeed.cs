using System.Text.Json;
using System.Text.Json.Nodes;

namespace LocalAws;

/// <summary>
/// A description of a world to create: accounts with access keys, IAM roles and users, DynamoDB tables and Lambda
/// functions. Serialised as JSON (camelCase); see the README for the format.
/// </summary>
public sealed record WorldSeed
{
    public string Region { get; init; } = "eu-west-1";
    public List<AccountSeed> Accounts { get; init; } = [];

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    public static WorldSeed FromJson(string json) =>
        JsonSerializer.Deserialize<WorldSeed>(json, JsonOptions) ?? throw new InvalidDataException("The seed file is empty.");

    public static WorldSeed FromFile(string path) => FromJson(File.ReadAllText(path));

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);
}

public sealed record AccountSeed
{
    public required string Id { get; init; }
    public List<AccessKeySeed> AccessKeys { get; init; } = [];
    public List<RoleSeed> Roles { get; init; } = [];
    public List<UserSeed> Users { get; init; } = [];
    public List<TableSeed> Tables { get; init; } = [];
    public List<FunctionSeed> Functions { get; init; } = [];
}

/// <summary>
/// A long-term access key. <see cref="Principal"/> is "root", a user ARN, or a role ARN: a key attached to a role
/// signs as a session of that role named <see cref="SessionName"/> (like a workload identity's credentials).
/// </summary>
public sealed record AccessKeySeed
{
    public required string AccessKeyId { get; init; }
    public required string SecretAccessKey { get; init; }
    public string Principal { get; init; } = "root";
    public string? SessionName { get; init; }
}

public sealed record RoleSeed
{
    public required string Name { get; init; }
    /// <summary>The trust policy (a JSON object, or a string holding one).</summary>
    public required JsonNode TrustPolicy { get; init; }
    /// <summary>Identity policies attached to the role.</summary>
    public List<JsonNode> Policies { get; init; } = [];
    public int MaxSessionDurationSeconds { get; init; } = 3600;
}

public sealed record UserSeed
{
    public required string Name { get; init; }
    public List<JsonNode> Policies { get; init; } = [];
}

public sealed record TableSeed
{
    public required string Name { get; init; }
    public required string HashKey { get; init; }
    public string HashKeyType { get; init; } = "S";
    public string? RangeKey { get; init; }
    public string RangeKeyType { get; init; } = "S";
    /// <summary>KEYS_ONLY, NEW_IMAGE, OLD_IMAGE or NEW_AND_OLD_IMAGES; null for no stream.</summary>
    public string? StreamViewType { get; init; }
}

public sealed record FunctionSeed
{
    public required string Name { get; init; }
    /// <summary>The execution role ARN.</summary>
    public required string Role { get; init; }
    public string Runtime { get; init; } = "python3.12";
    public string Handler { get; init; } = "index.handler";
    /// <summary>Aliases, each pointing at $LATEST.</summary>
    public List<string> Aliases { get; init; } = [];
}
