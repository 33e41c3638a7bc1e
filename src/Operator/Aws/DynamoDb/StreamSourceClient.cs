using Amazon;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using CrossAccountStreams.Operator.Aws.Credentials;
using CrossAccountStreams.Operator.Aws.Telemetry;

namespace CrossAccountStreams.Operator.Aws.DynamoDb;

/// <summary>DynamoDB through the AWS SDK, with the source account's assumed-role credentials. I/O only.</summary>
public sealed class StreamSourceClient(IAccountCredentialsProvider credentials, AwsEndpointResolver endpoints, AwsCallTelemetry telemetry)
    : IStreamSourceClient
{
    private const string Service = "dynamodb";

    public Task<TableStream> DescribeTableStreamAsync(AwsScope scope, string tableName, CancellationToken cancellationToken) =>
        CallAsync(scope, "DescribeTable", false, async client =>
        {
            var response = await client.DescribeTableAsync(new DescribeTableRequest { TableName = tableName }, cancellationToken);
            var table = response.Table;
            return new TableStream(
                table.TableName,
                table.StreamSpecification?.StreamEnabled == true,
                table.LatestStreamArn,
                table.LatestStreamLabel);
        }, cancellationToken);

    public async Task<ResourcePolicy?> GetResourcePolicyAsync(AwsScope scope, string resourceArn, CancellationToken cancellationToken)
    {
        try
        {
            return await CallAsync(scope, "GetResourcePolicy", false, async client =>
            {
                var response = await client.GetResourcePolicyAsync(new GetResourcePolicyRequest { ResourceArn = resourceArn }, cancellationToken);
                return string.IsNullOrEmpty(response.Policy) ? null : new ResourcePolicy(response.Policy, response.RevisionId);
            }, cancellationToken);
        }
        catch (AwsOperationException e) when (e.Kind == AwsErrorKind.PolicyNotFound)
        {
            return null;
        }
    }

    public Task<string> PutResourcePolicyAsync(
        AwsScope scope, string resourceArn, string document, string expectedRevisionId, CancellationToken cancellationToken) =>
        CallAsync(scope, "PutResourcePolicy", true, async client =>
        {
            var response = await client.PutResourcePolicyAsync(
                new PutResourcePolicyRequest { ResourceArn = resourceArn, Policy = document, ExpectedRevisionId = expectedRevisionId },
                cancellationToken);
            return response.RevisionId;
        }, cancellationToken);

    public Task DeleteResourcePolicyAsync(AwsScope scope, string resourceArn, string expectedRevisionId, CancellationToken cancellationToken) =>
        CallAsync(scope, "DeleteResourcePolicy", true, async client =>
        {
            var response = await client.DeleteResourcePolicyAsync(
                new DeleteResourcePolicyRequest { ResourceArn = resourceArn, ExpectedRevisionId = expectedRevisionId },
                cancellationToken);
            return response.RevisionId;
        }, cancellationToken);

    private Task<T> CallAsync<T>(
        AwsScope scope, string operation, bool revisionExpected, Func<AmazonDynamoDBClient, Task<T>> call, CancellationToken cancellationToken) =>
        telemetry.ObserveAsync(Service, operation, scope.Account.AccountId, async () =>
        {
            var session = await credentials.GetAsync(scope, cancellationToken);
            // Clients are cheap to create: the SDK shares the underlying HTTP connections between them.
            using var client = new AmazonDynamoDBClient(session.ToSdk(), Config(scope.Account.Region));
            try
            {
                return await call(client);
            }
            catch (Exception e) when (e is AmazonServiceException or AmazonClientException or HttpRequestException)
            {
                throw SdkErrorClassifier.Classify(Service, operation, e, revisionExpected);
            }
        });

    private AmazonDynamoDBConfig Config(string region)
    {
        var config = new AmazonDynamoDBConfig { RegionEndpoint = RegionEndpoint.GetBySystemName(region) };
        if (endpoints.SdkServiceUrl is { } url)
        {
            config.ServiceURL = url.ToString();
            config.AuthenticationRegion = region;
        }

        return config;
    }
}
