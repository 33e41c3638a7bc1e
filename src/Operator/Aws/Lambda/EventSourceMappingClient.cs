namespace CrossAccountStreams.Operator.Aws.Lambda;

/// <summary>The five event source mapping operations (and TagResource) over Lambda's REST-JSON API.</summary>
public sealed class EventSourceMappingClient(LambdaApiClient api) : IEventSourceMappingClient
{
    private const string MappingsPath = "/2015-03-31/event-source-mappings/";
    private const int PageSize = 100;

    public async Task<EventSourceMappingConfiguration?> GetAsync(AwsScope scope, string uuid, CancellationToken cancellationToken)
    {
        try
        {
            return await api.SendAsync(scope, LambdaRequest.Get("GetEventSourceMapping", MappingPath(uuid)),
                LambdaJsonContext.Default.EventSourceMappingConfiguration, cancellationToken);
        }
        catch (ResourceNotFoundException)
        {
            return null;
        }
    }

    public async Task<EventSourceMappingConfiguration> CreateAsync(
        AwsScope scope, CreateEventSourceMappingRequest request, CancellationToken cancellationToken)
    {
        var body = LambdaApiClient.Serialize(request, LambdaJsonContext.Default.CreateEventSourceMappingRequest);
        var created = await api.SendAsync(scope, new LambdaRequest("CreateEventSourceMapping", HttpMethod.Post, MappingsPath, [], body),
            LambdaJsonContext.Default.EventSourceMappingConfiguration, cancellationToken);
        return created ?? throw EmptyResponse("CreateEventSourceMapping");
    }

    public async Task<EventSourceMappingConfiguration> UpdateAsync(
        AwsScope scope, string uuid, UpdateEventSourceMappingRequest request, CancellationToken cancellationToken)
    {
        var body = LambdaApiClient.Serialize(request, LambdaJsonContext.Default.UpdateEventSourceMappingRequest);
        var updated = await api.SendAsync(scope, new LambdaRequest("UpdateEventSourceMapping", HttpMethod.Put, MappingPath(uuid), [], body),
            LambdaJsonContext.Default.EventSourceMappingConfiguration, cancellationToken);
        return updated ?? throw EmptyResponse("UpdateEventSourceMapping");
    }

    public async Task<EventSourceMappingConfiguration?> DeleteAsync(AwsScope scope, string uuid, CancellationToken cancellationToken)
    {
        try
        {
            return await api.SendAsync(scope, new LambdaRequest("DeleteEventSourceMapping", HttpMethod.Delete, MappingPath(uuid), [], null),
                LambdaJsonContext.Default.EventSourceMappingConfiguration, cancellationToken);
        }
        catch (ResourceNotFoundException)
        {
            return null;
        }
    }

    public async Task<IReadOnlyList<EventSourceMappingConfiguration>> ListAsync(
        AwsScope scope, string? eventSourceArn, string? functionName, CancellationToken cancellationToken)
    {
        List<EventSourceMappingConfiguration> all = [];
        string? marker = null;
        // Bounded: Lambda returns at most 100 per page, and a function has far fewer mappings than this allows.
        for (var page = 0; page < 1000; page++)
        {
            var request = LambdaRequest.Get("ListEventSourceMappings", MappingsPath,
                new KeyValuePair<string, string>("EventSourceArn", eventSourceArn ?? ""),
                new KeyValuePair<string, string>("FunctionName", functionName ?? ""),
                new KeyValuePair<string, string>("Marker", marker ?? ""),
                new KeyValuePair<string, string>("MaxItems", PageSize.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            var response = await api.SendAsync(scope, request, LambdaJsonContext.Default.ListEventSourceMappingsResponse, cancellationToken);
            all.AddRange(response?.EventSourceMappings ?? []);
            marker = response?.NextMarker;
            if (string.IsNullOrEmpty(marker))
            {
                break;
            }
        }

        return all;
    }

    public async Task TagAsync(AwsScope scope, string resourceArn, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken)
    {
        var body = LambdaApiClient.Serialize(new TagResourceRequest(tags), LambdaJsonContext.Default.TagResourceRequest);
        await api.SendAsync(scope, new LambdaRequest("TagResource", HttpMethod.Post, TagsPath(resourceArn), [], body), cancellationToken);
    }

    public async Task<IReadOnlyDictionary<string, string>> ListTagsAsync(AwsScope scope, string resourceArn, CancellationToken cancellationToken)
    {
        var response = await api.SendAsync(scope, LambdaRequest.Get("ListTags", TagsPath(resourceArn)), LambdaJsonContext.Default.ListTagsResponse, cancellationToken);
        return response?.Tags ?? new Dictionary<string, string>();
    }

    private static string TagsPath(string resourceArn) => "/2017-03-31/tags/" + Uri.EscapeDataString(resourceArn);

    private static string MappingPath(string uuid) => MappingsPath + Uri.EscapeDataString(uuid);

    private static AwsOperationException EmptyResponse(string operation) =>
        new("lambda", operation, AwsErrorKind.Transient, "EmptyResponse", $"Lambda returned no body for {operation}.");
}
