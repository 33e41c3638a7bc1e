using System.Net;
using CrossAccountStreams.Operator.Aws;
using CrossAccountStreams.Operator.Aws.DynamoDb;
using CrossAccountStreams.Operator.Aws.Lambda;

namespace CrossAccountStreams.Operator.Tests.Reconciliation.Fakes;

/// <summary>
/// A small in-memory AWS with the semantics the reconciler relies on: revision-checked resource policies, one
/// mapping per stream and function (ResourceConflictException naming the UUID), mappings that settle one read after a
/// change, and a log of every call.
/// </summary>
public sealed class FakeAws : IStreamSourceClient, IEventSourceMappingClient, IFunctionConfigurationReader
{
    private readonly Lock gate = new();
    private int revision;

    public Dictionary<string, TableStream> Tables { get; } = [];

    public Dictionary<string, ResourcePolicy> Policies { get; } = [];

    public Dictionary<string, FunctionConfiguration> Functions { get; } = [];

    public Dictionary<string, EventSourceMappingConfiguration> Mappings { get; } = [];

    /// <summary>Tags by mapping UUID.</summary>
    public Dictionary<string, Dictionary<string, string>> MappingTags { get; } = [];

    public List<string> Calls { get; } = [];

    /// <summary>How many of the next listings come back empty, as an eventually consistent list may.</summary>
    public int HiddenListings { get; set; }

    /// <summary>Failures to throw from the next call of an operation, in order.</summary>
    public Dictionary<string, Queue<Exception>> Faults { get; } = [];

    public static readonly string[] WriteOperations =
        ["PutResourcePolicy", "DeleteResourcePolicy", "CreateEventSourceMapping", "UpdateEventSourceMapping", "DeleteEventSourceMapping", "TagResource"];

    public IEnumerable<string> Writes => Calls.Where(c => WriteOperations.Contains(c));

    public static string StreamArn(string account, string table, string label) =>
        $"arn:aws:dynamodb:eu-west-1:{account}:table/{table}/stream/{label}";

    public FakeAws WithTable(string account, string table, string label)
    {
        Tables[table] = new TableStream(table, true, StreamArn(account, table, label), label);
        return this;
    }

    public FakeAws WithFunction(string account, string name, string role)
    {
        Functions[name] = new FunctionConfiguration
        {
            FunctionName = name,
            FunctionArn = $"arn:aws:lambda:eu-west-1:{account}:function:{name}",
            Role = $"arn:aws:iam::{account}:role/{role}",
            State = "Active",
        };
        return this;
    }

    public void Fail(string operation, Exception failure)
    {
        if (!Faults.TryGetValue(operation, out var queue))
        {
            Faults[operation] = queue = new Queue<Exception>();
        }

        queue.Enqueue(failure);
    }

    public Task<TableStream> DescribeTableStreamAsync(AwsScope scope, string tableName, CancellationToken cancellationToken)
    {
        Enter("DescribeTable");
        return Tables.TryGetValue(tableName, out var table)
            ? Task.FromResult(table)
            : throw new AwsOperationException("dynamodb", "DescribeTable", AwsErrorKind.NotFound, "ResourceNotFoundException", $"Requested resource not found: Table: {tableName} not found");
    }

    public Task<ResourcePolicy?> GetResourcePolicyAsync(AwsScope scope, string resourceArn, CancellationToken cancellationToken)
    {
        Enter("GetResourcePolicy");
        lock (gate)
        {
            return Task.FromResult(Policies.TryGetValue(resourceArn, out var policy) ? policy : null);
        }
    }

    public Task<string> PutResourcePolicyAsync(AwsScope scope, string resourceArn, string document, string expectedRevisionId, CancellationToken cancellationToken)
    {
        Enter("PutResourcePolicy");
        lock (gate)
        {
            var current = Policies.TryGetValue(resourceArn, out var policy) ? policy.RevisionId : IStreamSourceClient.NoPolicy;
            if (current != expectedRevisionId)
            {
                throw new AwsOperationException("dynamodb", "PutResourcePolicy", AwsErrorKind.RevisionMismatch, "PolicyNotFoundException", "revision mismatch");
            }

            var next = $"rev-{++revision}";
            Policies[resourceArn] = new ResourcePolicy(document, next);
            return Task.FromResult(next);
        }
    }

    public Task DeleteResourcePolicyAsync(AwsScope scope, string resourceArn, string expectedRevisionId, CancellationToken cancellationToken)
    {
        Enter("DeleteResourcePolicy");
        lock (gate)
        {
            if (!Policies.TryGetValue(resourceArn, out var policy) || policy.RevisionId != expectedRevisionId)
            {
                throw new AwsOperationException("dynamodb", "DeleteResourcePolicy", AwsErrorKind.RevisionMismatch, "PolicyNotFoundException", "revision mismatch");
            }

            Policies.Remove(resourceArn);
            return Task.CompletedTask;
        }
    }

    public Task<FunctionConfiguration?> GetAsync(AwsScope scope, string functionName, CancellationToken cancellationToken)
    {
        Enter("GetFunctionConfiguration");
        return Task.FromResult(Functions.TryGetValue(functionName, out var function) ? function : null);
    }

    Task<EventSourceMappingConfiguration?> IEventSourceMappingClient.GetAsync(AwsScope scope, string uuid, CancellationToken cancellationToken)
    {
        Enter("GetEventSourceMapping");
        lock (gate)
        {
            if (!Mappings.TryGetValue(uuid, out var mapping))
            {
                return Task.FromResult<EventSourceMappingConfiguration?>(null);
            }

            // A read after a change sees it settled; a deleting mapping is gone.
            var settled = mapping.State switch
            {
                "Creating" or "Updating" or "Enabling" => mapping with { State = EnabledOf(mapping) ? "Enabled" : "Disabled" },
                "Disabling" => mapping with { State = "Disabled" },
                "Deleting" => null,
                _ => mapping,
            };
            if (settled is null)
            {
                Mappings.Remove(uuid);
            }
            else
            {
                Mappings[uuid] = settled;
            }

            return Task.FromResult(mapping.State == "Deleting" ? mapping : settled);
        }
    }

    public Task<EventSourceMappingConfiguration> CreateAsync(AwsScope scope, CreateEventSourceMappingRequest request, CancellationToken cancellationToken)
    {
        Enter("CreateEventSourceMapping");
        lock (gate)
        {
            var function = Functions[request.FunctionName];
            if (Mappings.Values.FirstOrDefault(m => m.EventSourceArn == request.EventSourceArn && m.FunctionArn == function.FunctionArn) is { } existing)
            {
                throw new ResourceConflictException("CreateEventSourceMapping",
                    $"The event source arn (\" {request.EventSourceArn} \") and function (\" {request.FunctionName} \") provided mapping already exists. Please update or delete the existing mapping with UUID {existing.Uuid}",
                    HttpStatusCode.Conflict);
            }

            var uuid = Guid.NewGuid().ToString();
            var mapping = new EventSourceMappingConfiguration
            {
                Uuid = uuid,
                EventSourceArn = request.EventSourceArn,
                FunctionArn = function.FunctionArn,
                StartingPosition = request.StartingPosition,
                BatchSize = request.BatchSize ?? 100,
                MaximumBatchingWindowInSeconds = request.MaximumBatchingWindowInSeconds ?? 0,
                ParallelizationFactor = request.ParallelizationFactor ?? 1,
                MaximumRetryAttempts = request.MaximumRetryAttempts ?? -1,
                MaximumRecordAgeInSeconds = request.MaximumRecordAgeInSeconds ?? -1,
                BisectBatchOnFunctionError = request.BisectBatchOnFunctionError ?? false,
                FunctionResponseTypes = request.FunctionResponseTypes ?? [],
                TumblingWindowInSeconds = request.TumblingWindowInSeconds ?? 0,
                FilterCriteria = request.FilterCriteria,
                DestinationConfig = request.DestinationConfig ?? new DestinationConfig(new OnFailure(null), new OnSuccess(null)),
                MetricsConfig = request.MetricsConfig,
                State = "Creating",
                StateTransitionReason = "USER_INITIATED",
                LastProcessingResult = "No records processed",
                EventSourceMappingArn = $"arn:aws:lambda:eu-west-1:222222222222:event-source-mapping:{uuid}",
            };
            enabled[uuid] = request.Enabled ?? true;
            Mappings[uuid] = mapping;
            MappingTags[uuid] = new Dictionary<string, string>(request.Tags ?? new Dictionary<string, string>());
            return Task.FromResult(mapping);
        }
    }

    public Task<EventSourceMappingConfiguration> UpdateAsync(AwsScope scope, string uuid, UpdateEventSourceMappingRequest request, CancellationToken cancellationToken)
    {
        Enter("UpdateEventSourceMapping");
        lock (gate)
        {
            var m = Mappings[uuid];
            if (request.Enabled is { } on)
            {
                enabled[uuid] = on;
            }

            var updated = m with
            {
                BatchSize = request.BatchSize ?? m.BatchSize,
                MaximumBatchingWindowInSeconds = request.MaximumBatchingWindowInSeconds ?? m.MaximumBatchingWindowInSeconds,
                ParallelizationFactor = request.ParallelizationFactor ?? m.ParallelizationFactor,
                MaximumRetryAttempts = request.MaximumRetryAttempts ?? m.MaximumRetryAttempts,
                MaximumRecordAgeInSeconds = request.MaximumRecordAgeInSeconds ?? m.MaximumRecordAgeInSeconds,
                BisectBatchOnFunctionError = request.BisectBatchOnFunctionError ?? m.BisectBatchOnFunctionError,
                FunctionResponseTypes = request.FunctionResponseTypes ?? m.FunctionResponseTypes,
                TumblingWindowInSeconds = request.TumblingWindowInSeconds ?? m.TumblingWindowInSeconds,
                FilterCriteria = request.FilterCriteria ?? m.FilterCriteria,
                DestinationConfig = request.DestinationConfig ?? m.DestinationConfig,
                MetricsConfig = request.MetricsConfig ?? m.MetricsConfig,
                FunctionArn = request.FunctionName is { } name ? Functions[name].FunctionArn : m.FunctionArn,
                State = "Updating",
            };
            Mappings[uuid] = updated;
            return Task.FromResult(updated);
        }
    }

    public Task<EventSourceMappingConfiguration?> DeleteAsync(AwsScope scope, string uuid, CancellationToken cancellationToken)
    {
        Enter("DeleteEventSourceMapping");
        lock (gate)
        {
            if (!Mappings.TryGetValue(uuid, out var mapping))
            {
                return Task.FromResult<EventSourceMappingConfiguration?>(null);
            }

            Mappings[uuid] = mapping with { State = "Deleting" };
            return Task.FromResult<EventSourceMappingConfiguration?>(Mappings[uuid]);
        }
    }

    public Task<IReadOnlyList<EventSourceMappingConfiguration>> ListAsync(AwsScope scope, string? eventSourceArn, string? functionName, CancellationToken cancellationToken)
    {
        Enter("ListEventSourceMappings");
        lock (gate)
        {
            if (HiddenListings > 0)
            {
                HiddenListings--;
                return Task.FromResult<IReadOnlyList<EventSourceMappingConfiguration>>([]);
            }

            IReadOnlyList<EventSourceMappingConfiguration> found = [.. Mappings.Values.Where(m =>
                (eventSourceArn is null || m.EventSourceArn == eventSourceArn)
                && (functionName is null || m.FunctionArn == functionName || m.FunctionArn!.EndsWith(":function:" + functionName, StringComparison.Ordinal)))];
            return Task.FromResult(found);
        }
    }

    public Task TagAsync(AwsScope scope, string resourceArn, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken)
    {
        Enter("TagResource");
        lock (gate)
        {
            var own = TagsOf(resourceArn);
            foreach (var (key, value) in tags)
            {
                own[key] = value;
            }
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyDictionary<string, string>> ListTagsAsync(AwsScope scope, string resourceArn, CancellationToken cancellationToken)
    {
        Enter("ListTags");
        lock (gate)
        {
            return Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string>(TagsOf(resourceArn)));
        }
    }

    /// <summary>Puts a mapping someone else created (no owner tag unless given) between a stream and a function.</summary>
    public string AddForeignMapping(string streamArn, string functionName, IReadOnlyDictionary<string, string>? tags = null)
    {
        var uuid = Guid.NewGuid().ToString();
        lock (gate)
        {
            Mappings[uuid] = new EventSourceMappingConfiguration
            {
                Uuid = uuid,
                EventSourceArn = streamArn,
                FunctionArn = Functions[functionName].FunctionArn,
                StartingPosition = "LATEST",
                BatchSize = 100,
                State = "Enabled",
                EventSourceMappingArn = $"arn:aws:lambda:eu-west-1:222222222222:event-source-mapping:{uuid}",
            };
            MappingTags[uuid] = new Dictionary<string, string>(tags ?? new Dictionary<string, string>());
        }

        return uuid;
    }

    private Dictionary<string, string> TagsOf(string resourceArn)
    {
        var uuid = resourceArn[(resourceArn.LastIndexOf(':') + 1)..];
        if (!MappingTags.TryGetValue(uuid, out var tags))
        {
            MappingTags[uuid] = tags = [];
        }

        return tags;
    }

    private readonly Dictionary<string, bool> enabled = [];

    private bool EnabledOf(EventSourceMappingConfiguration mapping) => enabled.GetValueOrDefault(mapping.Uuid!, true);

    private void Enter(string operation)
    {
        lock (gate)
        {
            Calls.Add(operation);
            if (Faults.TryGetValue(operation, out var queue) && queue.TryDequeue(out var failure))
            {
                throw failure;
            }
        }
    }
}
