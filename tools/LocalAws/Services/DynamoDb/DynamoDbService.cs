using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LocalAws.Hosting;
using LocalAws.Iam;
using LocalAws.Protocols;

namespace LocalAws.Services.DynamoDb;

/// <summary>DynamoDB over JSON 1.0: tables with streams, items that write stream records, resource policies.</summary>
public sealed partial class DynamoDbService(AwsWorld world, ResourcePolicyService policies) : IServiceHandler
{
    public AwsService Service => AwsService.DynamoDb;

    public AwsResponse Handle(AwsRequest request)
    {
        var body = request.Json();
        lock (world.Sync)
        {
            JsonObject result = request.Operation switch
            {
                "CreateTable" => CreateTable(request.Caller, body),
                "DescribeTable" => DescribeTable(request.Caller, body),
                "UpdateTable" => UpdateTable(request.Caller, body),
                "DeleteTable" => DeleteTable(request.Caller, body),
                "ListTables" => ListTables(request.Caller, body),
                "PutItem" => PutItem(request.Caller, body),
                "GetItem" => GetItem(request.Caller, body),
                "UpdateItem" => UpdateItem(request.Caller, body),
                "DeleteItem" => DeleteItem(request.Caller, body),
                "Scan" => Scan(request.Caller, body),
                "PutResourcePolicy" => policies.Put(request.Caller, body),
                "GetResourcePolicy" => policies.Get(request.Caller, body),
                "DeleteResourcePolicy" => policies.Delete(request.Caller, body),
                _ => throw new AwsErrorException(ServiceErrors.UnknownOperation(AwsService.DynamoDb, request.Operation)),
            };
            return AwsResponse.Json(result);
        }
    }

    // ---------- tables ----------

    private JsonObject CreateTable(Caller caller, JsonObject body)
    {
        var name = RequiredString(body, "TableName", "tableName");
        if (!TableNamePattern().IsMatch(name))
        {
            throw Validation($"1 validation error detected: Value '{name}' at 'tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+ and have length between 3 and 255");
        }
        var arn = $"arn:aws:dynamodb:{world.Region}:{caller.AccountId}:table/{name}";
        AccessControl.Demand(world, Service, caller, "dynamodb:CreateTable", arn, caller.AccountId, null);
        var account = world.GetOrAddAccount(caller.AccountId);
        if (account.Tables.ContainsKey(name))
        {
            throw new AwsErrorException(ServiceErrors.Dynamo("ResourceInUseException", $"Table already exists: {name}"));
        }
        var definitions = body["AttributeDefinitions"] as JsonArray ?? throw Validation("1 validation error detected: Value null at 'attributeDefinitions' failed to satisfy constraint: Member must not be null");
        var schema = body["KeySchema"] as JsonArray ?? throw Validation("1 validation error detected: Value null at 'keySchema' failed to satisfy constraint: Member must not be null");
        KeyAttribute? hash = null;
        KeyAttribute? range = null;
        foreach (var element in schema)
        {
            var attribute = element?["AttributeName"]?.GetValue<string>() ?? throw Validation("KeySchema elements need an AttributeName");
            var type = definitions.FirstOrDefault(d => d?["AttributeName"]?.GetValue<string>() == attribute)?["AttributeType"]?.GetValue<string>()
                ?? throw Validation($"One or more parameter values were invalid: Some index key attributes are not defined in AttributeDefinitions. Keys: [{attribute}], AttributeDefinitions: []");
            if (element!["KeyType"]?.GetValue<string>() == "RANGE")
            {
                range = new KeyAttribute(attribute, type);
            }
            else
            {
                hash = new KeyAttribute(attribute, type);
            }
        }
        if (hash is null)
        {
            throw Validation("1 validation error detected: Value at 'keySchema' failed to satisfy constraint: a HASH key is required");
        }
        string? viewType = null;
        if (body["StreamSpecification"] is JsonObject spec && spec["StreamEnabled"]?.GetValue<bool>() == true)
        {
            viewType = ViewType(spec);
        }
        var now = world.Time.GetUtcNow();
        var table = world.CreateTable(account, name, hash, range, (JsonArray)definitions.DeepClone(), now);
        table.BillingMode = body["BillingMode"]?.GetValue<string>();
        if (viewType is not null)
        {
            world.EnableStream(table, viewType, now);
        }
        return new JsonObject { ["TableDescription"] = TableDescription.Of(table) };
    }

    private JsonObject DescribeTable(Caller caller, JsonObject body)
    {
        var table = ResolveTable(caller, body, "dynamodb:DescribeTable");
        return new JsonObject { ["Table"] = TableDescription.Of(table) };
    }

    private JsonObject UpdateTable(Caller caller, JsonObject body)
    {
        var table = ResolveTable(caller, body, "dynamodb:UpdateTable");
        if (body["StreamSpecification"] is JsonObject spec)
        {
            var enable = spec["StreamEnabled"]?.GetValue<bool>()
                ?? throw Validation("1 validation error detected: Value null at 'streamSpecification.streamEnabled' failed to satisfy constraint: Member must not be null");
            var current = table.LatestStream is { Enabled: true } ? table.LatestStream : null;
            if (enable)
            {
                if (current is not null)
                {
                    throw new AwsErrorException(ServiceErrors.Dynamo("ResourceInUseException", $"Table already has an enabled stream: TableName: {table.Name}"));
                }
                world.EnableStream(table, ViewType(spec), world.Time.GetUtcNow());
            }
            else
            {
                if (current is null)
                {
                    throw Validation($"One or more parameter values were invalid: Table {table.Name} does not have a stream enabled");
                }
                current.Enabled = false;
            }
        }
        if (body["BillingMode"] is JsonValue billing)
        {
            table.BillingMode = billing.GetValue<string>();
        }
        return new JsonObject { ["TableDescription"] = TableDescription.Of(table) };
    }

    private JsonObject DeleteTable(Caller caller, JsonObject body)
    {
        var table = ResolveTable(caller, body, "dynamodb:DeleteTable");
        if (table.LatestStream is { } stream)
        {
            // The stream stays readable (and its policy editable) after the table is gone, as in AWS.
            stream.Enabled = false;
        }
        world.FindAccount(table.AccountId)!.Tables.Remove(table.Name);
        return new JsonObject { ["TableDescription"] = TableDescription.Of(table, "DELETING") };
    }

    private JsonObject ListTables(Caller caller, JsonObject body)
    {
        AccessControl.Demand(world, Service, caller, "dynamodb:ListTables", "*", caller.AccountId, null);
        var start = body["ExclusiveStartTableName"]?.GetValue<string>();
        var limit = body["Limit"]?.GetValue<int>() ?? 100;
        var names = (world.FindAccount(caller.AccountId)?.Tables.Keys ?? Enumerable.Empty<string>())
            .Order(StringComparer.Ordinal)
            .Where(n => start is null || string.CompareOrdinal(n, start) > 0)
            .ToList();
        var page = names.Take(limit).ToList();
        var result = new JsonObject { ["TableNames"] = new JsonArray([.. page.Select(n => (JsonNode)JsonValue.Create(n))]) };
        if (names.Count > page.Count)
        {
            result["LastEvaluatedTableName"] = page[^1];
        }
        return result;
    }

    // ---------- items ----------

    private JsonObject PutItem(Caller caller, JsonObject body)
    {
        var table = ResolveTable(caller, body, "dynamodb:PutItem");
        var item = body["Item"] as JsonObject ?? throw Validation("1 validation error detected: Value null at 'item' failed to satisfy constraint: Member must not be null");
        var key = KeyOf(table, item);
        var old = table.Items.GetValueOrDefault(key);
        CheckCondition(body, old);
        var stored = (JsonObject)item.DeepClone();
        table.Items[key] = stored;
        RecordChange(table, old, stored);
        return ReturnValues(body, old, stored);
    }

    private JsonObject GetItem(Caller caller, JsonObject body)
    {
        var table = ResolveTable(caller, body, "dynamodb:GetItem");
        var keyObject = body["Key"] as JsonObject ?? throw Validation("1 validation error detected: Value null at 'key' failed to satisfy constraint: Member must not be null");
        var item = table.Items.GetValueOrDefault(KeyOf(table, keyObject, exact: true));
        return item is null ? [] : new JsonObject { ["Item"] = item.DeepClone() };
    }

    private JsonObject UpdateItem(Caller caller, JsonObject body)
    {
        var table = ResolveTable(caller, body, "dynamodb:UpdateItem");
        var keyObject = body["Key"] as JsonObject ?? throw Validation("1 validation error detected: Value null at 'key' failed to satisfy constraint: Member must not be null");
        var key = KeyOf(table, keyObject, exact: true);
        var old = table.Items.GetValueOrDefault(key);
        CheckCondition(body, old);
        var updated = (JsonObject)(old?.DeepClone() ?? keyObject.DeepClone());
        if (body["UpdateExpression"]?.GetValue<string>() is { } expression)
        {
            UpdateExpression.Apply(expression, updated, body["ExpressionAttributeNames"] as JsonObject, body["ExpressionAttributeValues"] as JsonObject);
        }
        foreach (var (name, _) in keyObject)
        {
            if (!JsonNode.DeepEquals(updated[name], keyObject[name]))
            {
                throw Validation($"One or more parameter values were invalid: Cannot update attribute {name}. This attribute is part of the key");
            }
        }
        table.Items[key] = updated;
        RecordChange(table, old, updated);
        return ReturnValues(body, old, updated);
    }

    private JsonObject DeleteItem(Caller caller, JsonObject body)
    {
        var table = ResolveTable(caller, body, "dynamodb:DeleteItem");
        var keyObject = body["Key"] as JsonObject ?? throw Validation("1 validation error detected: Value null at 'key' failed to satisfy constraint: Member must not be null");
        var key = KeyOf(table, keyObject, exact: true);
        var old = table.Items.GetValueOrDefault(key);
        CheckCondition(body, old);
        if (old is not null)
        {
            table.Items.Remove(key);
            RecordChange(table, old, null);
        }
        return ReturnValues(body, old, null);
    }

    private JsonObject Scan(Caller caller, JsonObject body)
    {
        var table = ResolveTable(caller, body, "dynamodb:Scan");
        var items = new JsonArray([.. table.Items.OrderBy(i => i.Key, StringComparer.Ordinal).Select(i => i.Value.DeepClone())]);
        return new JsonObject { ["Items"] = items, ["Count"] = items.Count, ["ScannedCount"] = items.Count };
    }

    private void RecordChange(Table table, JsonObject? old, JsonObject? current)
    {
        if (table.LatestStream is not { Enabled: true } stream || JsonNode.DeepEquals(old, current))
        {
            return;
        }
        var image = current ?? old!;
        var keys = new JsonObject { [table.HashKey.Name] = image[table.HashKey.Name]?.DeepClone() };
        if (table.RangeKey is not null)
        {
            keys[table.RangeKey.Name] = image[table.RangeKey.Name]?.DeepClone();
        }
        var eventName = old is null ? "INSERT" : current is null ? "REMOVE" : "MODIFY";
        stream.Records.Add(new StreamRecord(
            world.NextSequence(),
            world.NewHex(32),
            eventName,
            world.Time.GetUtcNow(),
            keys,
            (JsonObject?)current?.DeepClone(),
            (JsonObject?)old?.DeepClone()));
    }

    private static JsonObject ReturnValues(JsonObject body, JsonObject? old, JsonObject? current)
    {
        var mode = body["ReturnValues"]?.GetValue<string>() ?? "NONE";
        var attributes = mode switch
        {
            "ALL_OLD" => old,
            "ALL_NEW" => current,
            _ => null,
        };
        return attributes is null ? [] : new JsonObject { ["Attributes"] = attributes.DeepClone() };
    }

    private static void CheckCondition(JsonObject body, JsonObject? existing)
    {
        if (body["ConditionExpression"]?.GetValue<string>() is not { } condition)
        {
            return;
        }
        var match = ExistenceCondition().Match(condition.Trim());
        if (!match.Success)
        {
            throw Validation($"Invalid ConditionExpression: LocalAws supports only attribute_exists(name) and attribute_not_exists(name); found \"{condition}\"");
        }
        var name = match.Groups["name"].Value;
        if (name.StartsWith('#'))
        {
            name = (body["ExpressionAttributeNames"] as JsonObject)?[name]?.GetValue<string>() ?? name;
        }
        var exists = existing?.ContainsKey(name) == true;
        var wantsExists = match.Groups["fn"].Value == "attribute_exists";
        if (exists != wantsExists)
        {
            throw new AwsErrorException(ServiceErrors.Dynamo("ConditionalCheckFailedException", "The conditional request failed"));
        }
    }

    private static string KeyOf(Table table, JsonObject item, bool exact = false)
    {
        var hash = KeyPart(item, table.HashKey);
        var range = table.RangeKey is null ? string.Empty : KeyPart(item, table.RangeKey);
        if (exact && item.Count != (table.RangeKey is null ? 1 : 2))
        {
            throw Validation("The provided key element does not match the schema");
        }
        return hash + "|" + range;
    }

    private static string KeyPart(JsonObject item, KeyAttribute key)
    {
        if (item[key.Name] is not JsonObject value)
        {
            throw Validation($"One or more parameter values were invalid: Missing the key {key.Name} in the item");
        }
        if (value[key.Type] is null)
        {
            throw Validation($"One or more parameter values were invalid: Type mismatch for key {key.Name} expected: {key.Type} actual: {value.FirstOrDefault().Key}");
        }
        return value.ToJsonString();
    }

    // ---------- shared ----------

    private Table ResolveTable(Caller caller, JsonObject body, string action)
    {
        var nameOrArn = RequiredString(body, "TableName", "tableName");
        string accountId;
        string name;
        if (Arn.TryParse(nameOrArn) is { } arn)
        {
            if (arn.Service != "dynamodb" || !arn.Resource.StartsWith("table/", StringComparison.Ordinal))
            {
                throw Validation($"Invalid TableName: {nameOrArn} is not a table name or table ARN");
            }
            accountId = arn.Account;
            name = arn.Resource["table/".Length..];
        }
        else
        {
            accountId = caller.AccountId;
            name = nameOrArn;
        }
        var tableArn = $"arn:aws:dynamodb:{world.Region}:{accountId}:table/{name}";
        var table = world.FindTable(accountId, name);
        AccessControl.Demand(world, Service, caller, action, tableArn, accountId, table?.Policy?.Parsed);
        return table ?? throw new AwsErrorException(ServiceErrors.Dynamo("ResourceNotFoundException", $"Requested resource not found: Table: {name} not found"));
    }

    private static string ViewType(JsonObject spec)
    {
        var viewType = spec["StreamViewType"]?.GetValue<string>();
        return viewType is "KEYS_ONLY" or "NEW_IMAGE" or "OLD_IMAGE" or "NEW_AND_OLD_IMAGES"
            ? viewType
            : throw Validation(viewType is null
                ? "One or more parameter values were invalid: StreamViewType is required when StreamEnabled is true"
                : $"1 validation error detected: Value '{viewType}' at 'streamSpecification.streamViewType' failed to satisfy constraint: Member must satisfy enum value set: [NEW_AND_OLD_IMAGES, NEW_IMAGE, OLD_IMAGE, KEYS_ONLY]");
    }

    internal static string RequiredString(JsonObject body, string name, string member) =>
        body[name] is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > 0
            ? text
            : throw Validation($"1 validation error detected: Value null at '{member}' failed to satisfy constraint: Member must not be null");

    internal static AwsErrorException Validation(string message) => new(ServiceErrors.DynamoValidation(message));

    [GeneratedRegex("^[a-zA-Z0-9_.-]{3,255}$")]
    private static partial Regex TableNamePattern();

    [GeneratedRegex(@"^(?<fn>attribute_exists|attribute_not_exists)\s*\(\s*(?<name>#?[A-Za-z0-9_]+)\s*\)$")]
    private static partial Regex ExistenceCondition();
}
