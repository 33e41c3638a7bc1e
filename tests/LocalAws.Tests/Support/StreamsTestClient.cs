using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;

namespace LocalAws.Tests.Support;

/// <summary>A JSON 1.0 response: status, the error code from "__type" (after '#'), and the body.</summary>
public sealed record JsonResponse(HttpStatusCode Status, string? ErrorCode, JsonObject Body);

/// <summary>
/// A DynamoDB Streams client over JSON 1.0 signed with AWSSDK.Core's SigV4 handler (AWSSDK.DynamoDBv2 4.x no longer
/// ships the Streams client).
/// </summary>
public sealed class StreamsTestClient : IDisposable
{
    private readonly HttpClient http;

    public StreamsTestClient(LocalAwsServer server, AWSCredentials credentials)
    {
        http = new HttpClient(new SigV4SigningHandler(credentials, RegionEndpoint.EUWest1, "dynamodb", new HttpClientHandler()))
        {
            BaseAddress = server.Endpoint,
        };
    }

    public async Task<JsonResponse> CallAsync(string operation, JsonObject body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, string.Empty);
        request.Headers.Add("X-Amz-Target", $"DynamoDBStreams_20120810.{operation}");
        request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8);
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-amz-json-1.0");
        using var response = await http.SendAsync(request);
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync()) as JsonObject ?? [];
        var type = json["__type"]?.GetValue<string>();
        return new JsonResponse(response.StatusCode, type?[(type.IndexOf('#', StringComparison.Ordinal) + 1)..], json);
    }

    /// <summary>Reads every record currently on the stream, from TRIM_HORIZON.</summary>
    public async Task<JsonResponse> ReadAllAsync(string streamArn)
    {
        var described = await CallAsync("DescribeStream", new JsonObject { ["StreamArn"] = streamArn });
        if (described.ErrorCode is not null)
        {
            return described;
        }
        var shardId = described.Body["StreamDescription"]!["Shards"]![0]!["ShardId"]!.GetValue<string>();
        var iterator = await CallAsync("GetShardIterator", new JsonObject { ["StreamArn"] = streamArn, ["ShardId"] = shardId, ["ShardIteratorType"] = "TRIM_HORIZON" });
        if (iterator.ErrorCode is not null)
        {
            return iterator;
        }
        return await CallAsync("GetRecords", new JsonObject { ["ShardIterator"] = iterator.Body["ShardIterator"]!.GetValue<string>() });
    }

    public void Dispose() => http.Dispose();
}
