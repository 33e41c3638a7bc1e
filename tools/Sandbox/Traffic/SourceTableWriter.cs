using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using LocalAws;

namespace CrossAccountStreams.Sandbox.Traffic;

/// <summary>
/// Writes items to source tables through the DynamoDB API, signed as each source account (the emulator gives every
/// account a root key): an application in account A writing its own table, nothing to do with the operator.
/// </summary>
public sealed class SourceTableWriter(Uri endpoint) : IDisposable
{
    private readonly Dictionary<SourceTable, AmazonDynamoDBClient> clients = [];

    /// <summary>The hash key attribute of the table, from DescribeTable.</summary>
    public async Task<string> KeyAttributeAsync(SourceTable table, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        var description = await ClientFor(table).DescribeTableAsync(table.TableName, cancellationToken);
        return description.Table.KeySchema.First(k => k.KeyType == KeyType.HASH).AttributeName;
    }

    public async Task PutAsync(PlannedItem item, string keyAttribute, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        var attributes = new Dictionary<string, AttributeValue> { [keyAttribute] = new() { S = item.Key } };
        foreach (var (name, value) in item.Attributes)
        {
            attributes[name] = new AttributeValue { S = value };
        }

        await ClientFor(item.Table).PutItemAsync(new PutItemRequest { TableName = item.Table.TableName, Item = attributes }, cancellationToken);
    }

    private AmazonDynamoDBClient ClientFor(SourceTable table)
    {
        if (!clients.TryGetValue(table, out var client))
        {
            var credentials = new BasicAWSCredentials(DefaultWorld.RootAccessKeyId(table.AccountId), DefaultWorld.RootSecretAccessKey(table.AccountId));
            client = new AmazonDynamoDBClient(credentials, new AmazonDynamoDBConfig
            {
                ServiceURL = endpoint.ToString(),
                AuthenticationRegion = table.Region,
            });
            clients[table] = client;
        }

        return client;
    }

    public void Dispose()
    {
        foreach (var client in clients.Values)
        {
            client.Dispose();
        }

        clients.Clear();
    }
}
