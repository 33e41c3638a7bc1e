using System.Text.Json.Nodes;
using LocalAws.Iam;

namespace LocalAws;

/// <summary>Creates what a <see cref="WorldSeed"/> describes in a world. Callers hold the world lock.</summary>
internal static class SeedApplier
{
    public static void Apply(AwsWorld world, WorldSeed seed)
    {
        Validate(world, seed);
        var now = world.Time.GetUtcNow();
        foreach (var accountSeed in seed.Accounts)
        {
            var account = world.GetOrAddAccount(accountSeed.Id);
            foreach (var role in accountSeed.Roles)
            {
                var iamRole = new IamRole
                {
                    AccountId = account.Id,
                    Name = role.Name,
                    Arn = $"arn:aws:iam::{account.Id}:role/{role.Name}",
                    RoleId = "AROA" + world.NewId(17),
                    TrustPolicy = ParsePolicy(role.TrustPolicy, $"trust policy of role {role.Name}"),
                    MaxSessionDurationSeconds = role.MaxSessionDurationSeconds,
                };
                iamRole.IdentityPolicies.AddRange(role.Policies.Select(p => ParsePolicy(p, $"policy of role {role.Name}")));
                account.Roles[role.Name] = iamRole;
            }
            foreach (var user in accountSeed.Users)
            {
                var iamUser = new IamUser
                {
                    AccountId = account.Id,
                    Name = user.Name,
                    Arn = $"arn:aws:iam::{account.Id}:user/{user.Name}",
                    UserId = "AIDA" + world.NewId(17),
                };
                iamUser.IdentityPolicies.AddRange(user.Policies.Select(p => ParsePolicy(p, $"policy of user {user.Name}")));
                account.Users[user.Name] = iamUser;
            }
            foreach (var table in accountSeed.Tables)
            {
                var definitions = new JsonArray(new JsonObject { ["AttributeName"] = table.HashKey, ["AttributeType"] = table.HashKeyType });
                if (table.RangeKey is not null)
                {
                    definitions.Add(new JsonObject { ["AttributeName"] = table.RangeKey, ["AttributeType"] = table.RangeKeyType });
                }
                var created = world.CreateTable(account, table.Name, new KeyAttribute(table.HashKey, table.HashKeyType),
                    table.RangeKey is null ? null : new KeyAttribute(table.RangeKey, table.RangeKeyType), definitions, now);
                if (table.StreamViewType is not null)
                {
                    world.EnableStream(created, table.StreamViewType, now);
                }
            }
            foreach (var function in accountSeed.Functions)
            {
                var created = world.AddFunction(account, function.Name, function.Role, function.Runtime, function.Handler, now);
                foreach (var alias in function.Aliases)
                {
                    created.Aliases[alias] = "$LATEST";
                }
            }
        }
        foreach (var accountSeed in seed.Accounts)
        {
            foreach (var key in accountSeed.AccessKeys)
            {
                world.AddKey(new AccessKey
                {
                    AccessKeyId = key.AccessKeyId,
                    SecretAccessKey = key.SecretAccessKey,
                    Caller = CallerForKey(world, accountSeed.Id, key),
                });
            }
        }
    }

    /// <summary>Checks the whole seed before anything is created, so a bad seed changes nothing.</summary>
    private static void Validate(AwsWorld world, WorldSeed seed)
    {
        var principals = new HashSet<string>(StringComparer.Ordinal);
        foreach (var account in seed.Accounts)
        {
            if (account.Id.Length != 12 || !account.Id.All(char.IsAsciiDigit))
            {
                throw new InvalidDataException($"Account id '{account.Id}' must be 12 digits.");
            }
            foreach (var role in account.Roles)
            {
                ParsePolicy(role.TrustPolicy, $"trust policy of role {role.Name}");
                role.Policies.ForEach(p => ParsePolicy(p, $"policy of role {role.Name}"));
                principals.Add($"arn:aws:iam::{account.Id}:role/{role.Name}");
            }
            foreach (var user in account.Users)
            {
                user.Policies.ForEach(p => ParsePolicy(p, $"policy of user {user.Name}"));
                principals.Add($"arn:aws:iam::{account.Id}:user/{user.Name}");
            }
            foreach (var table in account.Tables)
            {
                if (table.StreamViewType is not (null or "KEYS_ONLY" or "NEW_IMAGE" or "OLD_IMAGE" or "NEW_AND_OLD_IMAGES"))
                {
                    throw new InvalidDataException($"Table {table.Name}: streamViewType '{table.StreamViewType}' must be KEYS_ONLY, NEW_IMAGE, OLD_IMAGE or NEW_AND_OLD_IMAGES.");
                }
            }
        }
        foreach (var account in seed.Accounts)
        {
            foreach (var key in account.AccessKeys)
            {
                if (key.Principal != "root" && !principals.Contains(key.Principal) && world.FindRole(key.Principal) is null && world.FindUser(key.Principal) is null)
                {
                    throw new InvalidDataException($"Access key {key.AccessKeyId}: principal '{key.Principal}' is neither \"root\" nor a seeded role or user ARN.");
                }
            }
        }
    }

    private static Caller CallerForKey(AwsWorld world, string accountId, AccessKeySeed key)
    {
        if (key.Principal == "root")
        {
            return Caller.ForRoot(accountId);
        }
        if (world.FindRole(key.Principal) is { } role)
        {
            return Caller.ForRoleSession(role, key.SessionName ?? role.Name);
        }
        if (world.FindUser(key.Principal) is { } user)
        {
            return Caller.ForUser(user);
        }
        throw new InvalidDataException($"Access key {key.AccessKeyId}: principal '{key.Principal}' is neither \"root\" nor a seeded role or user ARN.");
    }

    private static PolicyDocument ParsePolicy(JsonNode node, string what)
    {
        try
        {
            return node is JsonValue value && value.TryGetValue<string>(out var text) ? PolicyDocument.Parse(text) : PolicyDocument.FromNode(node);
        }
        catch (PolicyFormatException ex)
        {
            throw new InvalidDataException($"The {what} is invalid: {ex.Message}", ex);
        }
    }
}
