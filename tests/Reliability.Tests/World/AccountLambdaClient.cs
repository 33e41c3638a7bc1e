using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;
using LocalAws;

namespace CrossAccountStreams.Reliability.Tests.World;

/// <summary>
/// Lambda's REST-JSON API signed as an account's root, for what the account's own people do (a mapping the operator
/// does not manage) and for what the suite checks (a mapping's tags). No faults are active while it is used.
/// </summary>
public sealed class AccountLambdaClient : IDisposable
{
    private const int MaxAttempts = 20;
    private readonly HttpClient http;

    public AccountLambdaClient(LocalAwsServer server, string accountId)
    {
        ArgumentNullException.ThrowIfNull(server);
        var credentials = new BasicAWSCredentials(DefaultWorld.RootAccessKeyId(accountId), DefaultWorld.RootSecretAccessKey(accountId));
        http = new HttpClient(new SigV4SigningHandler(credentials, RegionEndpoint.GetBySystemName(FaultWorld.Region), "lambda", new HttpClientHandler()))
        {
            BaseAddress = server.Endpoint,
        };
    }

    /// <summary>Creates a mapping and returns its UUID.</summary>
    public async Task<string> CreateMappingAsync(string functionName, string streamArn)
    {
        var body = new JsonObject
        {
            ["FunctionName"] = functionName,
            ["EventSourceArn"] = streamArn,
            ["StartingPosition"] = "LATEST",
        };
        var (status, json) = await SendAsync(HttpMethod.Post, "2015-03-31/event-source-mappings/", body);
        return status == HttpStatusCode.Accepted && json["UUID"]?.GetValue<string>() is { } uuid
            ? uuid
            : throw new InvalidOperationException($"CreateEventSourceMapping {functionName} <- {streamArn} answered {(int)status}: {json.ToJsonString()}");
    }

    /// <summary>The tags of a mapping, by its ARN.</summary>
    public async Task<IReadOnlyDictionary<string, string>> TagsAsync(string mappingArn)
    {
        var (status, json) = await SendAsync(HttpMethod.Get, $"2017-03-31/tags/{Uri.EscapeDataString(mappingArn)}");
        if (status != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"ListTags {mappingArn} answered {(int)status}: {json.ToJsonString()}");
        }

        return (json["Tags"] as JsonObject ?? []).ToDictionary(kv => kv.Key, kv => kv.Value?.GetValue<string>() ?? "", StringComparer.Ordinal);
    }

    /// <summary>Sends the request, again while it is throttled or answered 5xx (bounded), as any AWS client would.</summary>
    private async Task<(HttpStatusCode Status, JsonObject Body)> SendAsync(HttpMethod method, string path, JsonObject? body = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var request = new HttpRequestMessage(method, path);
            if (body is not null)
            {
                request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
            }

            using var response = await http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            var retryable = response.StatusCode == HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500;
            if (!retryable || attempt == MaxAttempts)
            {
                return (response.StatusCode, text.Length == 0 ? [] : JsonNode.Parse(text) as JsonObject ?? []);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20 * attempt));
        }
    }

    public void Dispose() => http.Dispose();
}
