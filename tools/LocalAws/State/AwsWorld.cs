using System.Globalization;
using System.Text.Json.Nodes;
using LocalAws.Iam;

namespace LocalAws;

/// <summary>
/// The emulated AWS state: accounts, IAM, access keys, tables and streams, functions, event source mappings,
/// invocations and the call log. All access goes through <see cref="Sync"/>; public members take it themselves.
/// </summary>
public sealed class AwsWorld
{
    private const int CallLogCapacity = 100_000;
    private readonly Dictionary<string, Account> accounts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AccessKey> keys = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DynamoStream> streams = new(StringComparer.Ordinal);
    private readonly List<EventSourceMapping> mappings = [];
    private readonly List<Invocation> invocations = [];
    private readonly List<CallRecord> calls = [];
    private readonly Random random;
    private long nextSequence = 1_000_000_000_000;
    private DateTimeOffset lastStreamLabel = DateTimeOffset.MinValue;

    internal AwsWorld(string region, TimeProvider time, int randomSeed)
    {
        Region = region;
        Time = time;
        random = new Random(randomSeed);
    }

    public string Region { get; }

    internal TimeProvider Time { get; }

    internal Lock Sync { get; } = new();

    internal IEnumerable<DynamoStream> AllStreams => streams.Values;

    internal List<EventSourceMapping> MappingList => mappings;

    /// <summary>Adds the seed's accounts, keys, roles, users, tables and functions (existing ones are kept).</summary>
    public void Apply(WorldSeed seed)
    {
        ArgumentNullException.ThrowIfNull(seed);
        lock (Sync)
        {
            SeedApplier.Apply(this, seed);
        }
    }

    // ---------- lookups (callers hold Sync) ----------

    internal Account GetOrAddAccount(string id)
    {
        if (!accounts.TryGetValue(id, out var account))
        {
            account = new Account(id);
            accounts[id] = account;
        }
        return account;
    }

    internal Account? FindAccount(string id) => accounts.GetValueOrDefault(id);

    internal AccessKey? FindKey(string accessKeyId)
    {
        lock (Sync)
        {
            return keys.GetValueOrDefault(accessKeyId);
        }
    }

    internal void AddKey(AccessKey key) => keys[key.AccessKeyId] = key;

    internal IamRole? FindRole(string roleArn)
    {
        var arn = Arn.TryParse(roleArn);
        if (arn is null || arn.Service != "iam" || !arn.Resource.StartsWith("role/", StringComparison.Ordinal))
        {
            return null;
        }
        var name = arn.Resource[(arn.Resource.LastIndexOf('/') + 1)..];
        return FindAccount(arn.Account)?.Roles.GetValueOrDefault(name) is { } role && role.Arn == roleArn ? role : null;
    }

    internal IamUser? FindUser(string userArn)
    {
        var arn = Arn.TryParse(userArn);
        if (arn is null || arn.Service != "iam" || !arn.Resource.StartsWith("user/", StringComparison.Ordinal))
        {
            return null;
        }
        var name = arn.Resource[(arn.Resource.LastIndexOf('/') + 1)..];
        return FindAccount(arn.Account)?.Users.GetValueOrDefault(name);
    }

    /// <summary>The identity policies that apply to a caller (root has all permissions in its account).</summary>
    internal IReadOnlyList<PolicyDocument> IdentityPoliciesOf(Caller caller) => caller.Kind switch
    {
        PrincipalKind.AssumedRole when caller.RoleArn is not null => FindRole(caller.RoleArn)?.IdentityPolicies ?? [],
        PrincipalKind.User => FindUser(caller.Arn)?.IdentityPolicies ?? [],
        _ => [],
    };

    internal DynamoStream? FindStream(string arn) => streams.GetValueOrDefault(arn);

    internal Table? FindTable(string accountId, string name) => FindAccount(accountId)?.Tables.GetValueOrDefault(name);

    // ---------- mutations (callers hold Sync) ----------

    internal Table CreateTable(Account account, string name, KeyAttribute hash, KeyAttribute? range, JsonArray definitions, DateTimeOffset now)
    {
        var table = new Table
        {
            AccountId = account.Id,
            Name = name,
            Arn = $"arn:aws:dynamodb:{Region}:{account.Id}:table/{name}",
            TableId = NewGuid().ToString(),
            HashKey = hash,
            RangeKey = range,
            AttributeDefinitions = definitions,
            CreatedAt = now,
        };
        account.Tables[name] = table;
        return table;
    }

    /// <summary>Creates a new stream (with a fresh label, so a fresh ARN) for the table.</summary>
    internal DynamoStream EnableStream(Table table, string viewType, DateTimeOffset now)
    {
        // Labels are millisecond timestamps; keep them strictly increasing so every stream ARN is unique.
        var labelTime = now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMillisecond));
        if (labelTime <= lastStreamLabel)
        {
            labelTime = lastStreamLabel.AddMilliseconds(1);
        }
        lastStreamLabel = labelTime;
        var label = labelTime.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff", CultureInfo.InvariantCulture);
        var stream = new DynamoStream
        {
            AccountId = table.AccountId,
            TableName = table.Name,
            Arn = $"{table.Arn}/stream/{label}",
            Label = label,
            ViewType = viewType,
            ShardId = $"shardId-{labelTime.ToUnixTimeMilliseconds():D20}-{NewHex(8)}",
            HashKey = table.HashKey,
            RangeKey = table.RangeKey,
            CreatedAt = now,
        };
        streams[stream.Arn] = stream;
        table.LatestStream = stream;
        return stream;
    }

    internal LambdaFunction AddFunction(Account account, string name, string role, string runtime, string handler, DateTimeOffset now)
    {
        var function = new LambdaFunction
        {
            AccountId = account.Id,
            Name = name,
            Arn = $"arn:aws:lambda:{Region}:{account.Id}:function:{name}",
            Role = role,
            Runtime = runtime,
            Handler = handler,
            LastModified = now,
            RevisionId = NewGuid().ToString(),
        };
        account.Functions[name] = function;
        return function;
    }

    internal long NextSequence() => ++nextSequence;

    internal void AddInvocation(Invocation invocation) => invocations.Add(invocation);

    internal void RecordCall(CallRecord record)
    {
        lock (Sync)
        {
            if (calls.Count >= CallLogCapacity)
            {
                calls.RemoveRange(0, CallLogCapacity / 10);
            }
            calls.Add(record);
        }
    }

    internal string NewId(int length)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            chars[i] = alphabet[random.Next(alphabet.Length)];
        }
        return new string(chars);
    }

    internal string NewSecret(int length)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            chars[i] = alphabet[random.Next(alphabet.Length)];
        }
        return new string(chars);
    }

    internal string NewHex(int length)
    {
        var bytes = new byte[(length + 1) / 2];
        random.NextBytes(bytes);
        return Convert.ToHexStringLower(bytes)[..length];
    }

    internal Guid NewGuid()
    {
        var bytes = new byte[16];
        random.NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes);
    }

    internal Guid NewGuidLocked()
    {
        lock (Sync)
        {
            return NewGuid();
        }
    }

    // ---------- inspection ----------

    /// <summary>Every call answered so far, oldest first.</summary>
    public IReadOnlyList<CallRecord> Calls
    {
        get
        {
            lock (Sync)
            {
                return [.. calls];
            }
        }
    }

    public void ClearCalls()
    {
        lock (Sync)
        {
            calls.Clear();
        }
    }

    /// <summary>Every delivery of records to a function, oldest first.</summary>
    public IReadOnlyList<Invocation> Invocations
    {
        get
        {
            lock (Sync)
            {
                return [.. invocations];
            }
        }
    }

    /// <summary>Deliveries to one function (name or ARN, qualified or not).</summary>
    public IReadOnlyList<Invocation> InvocationsOf(string function)
    {
        lock (Sync)
        {
            return [.. invocations.Where(i => i.FunctionArn == function || i.FunctionArn.StartsWith(function + ":", StringComparison.Ordinal)
                || i.FunctionArn.EndsWith(":function:" + function, StringComparison.Ordinal)
                || i.FunctionArn.Contains(":function:" + function + ":", StringComparison.Ordinal))];
        }
    }

    public IReadOnlyList<string> AccountIds
    {
        get
        {
            lock (Sync)
            {
                return [.. accounts.Keys];
            }
        }
    }

    /// <summary>The table's current LatestStreamArn, or null.</summary>
    public string? LatestStreamArn(string accountId, string tableName)
    {
        lock (Sync)
        {
            return FindTable(accountId, tableName)?.LatestStream?.Arn;
        }
    }

    /// <summary>A snapshot of a stream, or null when no stream has that ARN.</summary>
    public StreamView? Stream(string streamArn)
    {
        lock (Sync)
        {
            return FindStream(streamArn) is { } s ? StreamView.Of(s) : null;
        }
    }

    public IReadOnlyList<StreamView> Streams
    {
        get
        {
            lock (Sync)
            {
                return [.. streams.Values.Select(StreamView.Of)];
            }
        }
    }

    /// <summary>A snapshot of an event source mapping, or null when it does not exist (or is gone).</summary>
    public MappingView? Mapping(string uuid)
    {
        lock (Sync)
        {
            Services.Lambda.MappingLifecycle.Advance(this, Time.GetUtcNow());
            return mappings.FirstOrDefault(m => m.Uuid == uuid) is { } m ? MappingView.Of(m) : null;
        }
    }

    public IReadOnlyList<MappingView> Mappings
    {
        get
        {
            lock (Sync)
            {
                Services.Lambda.MappingLifecycle.Advance(this, Time.GetUtcNow());
                return [.. mappings.Select(MappingView.Of)];
            }
        }
    }

    /// <summary>The whole state as JSON (what GET /_localaws/state returns).</summary>
    public JsonObject Snapshot()
    {
        lock (Sync)
        {
            Services.Lambda.MappingLifecycle.Advance(this, Time.GetUtcNow());
            var accountsJson = new JsonArray();
            foreach (var account in accounts.Values)
            {
                accountsJson.Add(new JsonObject
                {
                    ["id"] = account.Id,
                    ["roles"] = new JsonArray([.. account.Roles.Values.Select(r => (JsonNode)new JsonObject { ["arn"] = r.Arn, ["maxSessionDurationSeconds"] = r.MaxSessionDurationSeconds })]),
                    ["users"] = new JsonArray([.. account.Users.Values.Select(u => (JsonNode)JsonValue.Create(u.Arn))]),
                    ["tables"] = new JsonArray([.. account.Tables.Values.Select(t => (JsonNode)new JsonObject
                    {
                        ["name"] = t.Name,
                        ["arn"] = t.Arn,
                        ["itemCount"] = t.ItemCount,
                        ["latestStreamArn"] = t.LatestStream?.Arn,
                        ["policy"] = t.Policy?.Document,
                    })]),
                    ["functions"] = new JsonArray([.. account.Functions.Values.Select(f => (JsonNode)new JsonObject { ["arn"] = f.Arn, ["role"] = f.Role })]),
                });
            }
            return new JsonObject
            {
                ["region"] = Region,
                ["accounts"] = accountsJson,
                ["streams"] = new JsonArray([.. streams.Values.Select(s => (JsonNode)StreamView.Of(s).ToJson())]),
                ["eventSourceMappings"] = new JsonArray([.. mappings.Select(m => (JsonNode)MappingView.Of(m).ToJson())]),
                ["invocationCount"] = invocations.Count,
                ["callCount"] = calls.Count,
            };
        }
    }
}
