using System.Text.Json.Nodes;

namespace LocalAws.Services.DynamoDb;

/// <summary>Renders a table as DynamoDB's TableDescription.</summary>
public static class TableDescription
{
    public static JsonObject Of(Table table, string status = "ACTIVE")
    {
        var keySchema = new JsonArray(new JsonObject { ["AttributeName"] = table.HashKey.Name, ["KeyType"] = "HASH" });
        if (table.RangeKey is not null)
        {
            keySchema.Add(new JsonObject { ["AttributeName"] = table.RangeKey.Name, ["KeyType"] = "RANGE" });
        }
        var description = new JsonObject
        {
            ["AttributeDefinitions"] = table.AttributeDefinitions.DeepClone(),
            ["TableName"] = table.Name,
            ["KeySchema"] = keySchema,
            ["TableStatus"] = status,
            ["CreationDateTime"] = table.CreatedAt.ToUnixTimeMilliseconds() / 1000.0,
            ["ProvisionedThroughput"] = new JsonObject
            {
                ["NumberOfDecreasesToday"] = 0,
                ["ReadCapacityUnits"] = 0,
                ["WriteCapacityUnits"] = 0,
            },
            ["TableSizeBytes"] = table.Items.Values.Sum(i => i.ToJsonString().Length),
            ["ItemCount"] = table.ItemCount,
            ["TableArn"] = table.Arn,
            ["TableId"] = table.TableId,
            ["BillingModeSummary"] = new JsonObject { ["BillingMode"] = table.BillingMode ?? "PAY_PER_REQUEST" },
            ["DeletionProtectionEnabled"] = false,
        };
        if (table.LatestStream is { } stream)
        {
            if (stream.Enabled)
            {
                description["StreamSpecification"] = new JsonObject { ["StreamEnabled"] = true, ["StreamViewType"] = stream.ViewType };
            }
            description["LatestStreamLabel"] = stream.Label;
            description["LatestStreamArn"] = stream.Arn;
        }
        return description;
    }
}
