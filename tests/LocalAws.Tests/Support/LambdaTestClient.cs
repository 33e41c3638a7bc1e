using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;

namespace LocalAws.Tests.Support;

/// <summary>A Lambda response: status, the x-amzn-ErrorType header (on errors) and the JSON body.</summary>
public sealed record LambdaResponse(HttpStatusCode Status, string? ErrorType, JsonObject Body)
{
    public string? Message => Body["Message"]?.GetValue<string>() ?? Body["message"]?.GetValue<string>();
}

/// <summary>A minimal Lambda REST-JSON client signed with AWSSDK.Core's SigV4 handler (AWSSDK.Lambda is not used).</summary>
public sealed class LambdaTestClient : IDisposable
{
    private readonly HttpClient http;

    public LambdaTestClient(LocalAwsServer server, AWSCredentials credentials)
    {
        http = new HttpClient(new SigV4SigningHandler(credentials, RegionEndpoint.EUWest1, "lambda", new HttpClientHandler()))
        {
            BaseAddress = server.Endpoint,
        };
    }

    public Task<LambdaResponse> CreateMappingAsync(string functionName, string streamArn, JsonObject? extra = null)
    {
        var body = new JsonObject
        {
            ["FunctionName"] = functionName,
            ["EventSourceArn"] = streamArn,
            ["StartingPosition"] = "TRIM_HORIZON",
        };
        foreach (var (key, value) in extra ?? [])
        {
            body[key] = value?.DeepClone();
        }
        return SendAsync(HttpMethod.Post, "2015-03-31/event-source-mappings/", body);
    }

    public Task<LambdaResponse> GetMappingAsync(string uuid) => SendAsync(HttpMethod.Get, $"2015-03-31/event-source-mappings/{uuid}");

    public Task<LambdaResponse> UpdateMappingAsync(string uuid, JsonObject body) => SendAsync(HttpMethod.Put, $"2015-03-31/event-source-mappings/{uuid}", body);

    public Task<LambdaResponse> DeleteMappingAsync(string uuid) => SendAsync(HttpMethod.Delete, $"2015-03-31/event-source-mappings/{uuid}");

    public Task<LambdaResponse> ListMappingsAsync(string query = "") => SendAsync(HttpMethod.Get, $"2015-03-31/event-source-mappings/{query}");

    public Task<LambdaResponse> GetFunctionConfigurationAsync(string name) =>
        SendAsync(HttpMethod.Get, $"2015-03-31/functions/{Uri.EscapeDataString(name)}/configuration");

    public async Task<LambdaResponse> SendAsync(HttpMethod method, string path, JsonObject? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var json = text.Length == 0 ? [] : JsonNode.Parse(text) as JsonObject ?? [];
        var errorType = response.Headers.TryGetValues("x-amzn-ErrorType", out var values) ? values.First() : null;
        return new LambdaResponse(response.StatusCode, errorType, json);
    }

    /// <summary>Polls GetEventSourceMapping until the state is reached (or the bounded deadline passes).</summary>
    public async Task<string?> WaitForStateAsync(string uuid, string state, TimeSpan? timeout = null)
    {
        string? last = null;
        await Eventually.TrueAsync(async () =>
        {
            var response = await GetMappingAsync(uuid);
            last = response.Status == HttpStatusCode.NotFound ? "(gone)" : response.Body["State"]?.GetValue<string>();
            return last == state;
        }, timeout);
        return last;
    }

    public void Dispose() => http.Dispose();
}
