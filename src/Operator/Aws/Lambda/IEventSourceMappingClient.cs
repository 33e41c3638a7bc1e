namespace CrossAccountStreams.Operator.Aws.Lambda;

/// <summary>Lambda event source mappings in the target account: find, create, update, delete, list.</summary>
public interface IEventSourceMappingClient
{
    /// <summary>Returns null when no mapping has this UUID.</summary>
    Task<EventSourceMappingConfiguration?> GetAsync(AwsScope scope, string uuid, CancellationToken cancellationToken);

    Task<EventSourceMappingConfiguration> CreateAsync(AwsScope scope, CreateEventSourceMappingRequest request, CancellationToken cancellationToken);

    Task<EventSourceMappingConfiguration> UpdateAsync(AwsScope scope, string uuid, UpdateEventSourceMappingRequest request, CancellationToken cancellationToken);

    /// <summary>Starts deleting the mapping; returns null when it was already gone.</summary>
    Task<EventSourceMappingConfiguration?> DeleteAsync(AwsScope scope, string uuid, CancellationToken cancellationToken);

    /// <summary>All mappings matching both filters (either may be null), following <c>NextMarker</c> across pages.</summary>
    Task<IReadOnlyList<EventSourceMappingConfiguration>> ListAsync(
        AwsScope scope, string? eventSourceArn, string? functionName, CancellationToken cancellationToken);

    Task TagAsync(AwsScope scope, string resourceArn, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken);

    /// <summary>The tags of a mapping (or function), by ARN.</summary>
    Task<IReadOnlyDictionary<string, string>> ListTagsAsync(AwsScope scope, string resourceArn, CancellationToken cancellationToken);
}

/// <summary>Reads a function's configuration: its ARN and execution role.</summary>
public interface IFunctionConfigurationReader
{
    /// <summary>Returns null when the function does not exist.</summary>
    Task<FunctionConfiguration?> GetAsync(AwsScope scope, string functionName, CancellationToken cancellationToken);
}
