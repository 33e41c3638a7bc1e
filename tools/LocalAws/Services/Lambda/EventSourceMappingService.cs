using System.Globalization;
using System.Text.Json.Nodes;
using LocalAws.DataPlane;
using LocalAws.Iam;
using LocalAws.Protocols;
using LocalAws.Services.DynamoDb;

namespace LocalAws.Services.Lambda;

/// <summary>
/// The event source mapping API for DynamoDB stream sources: parameter ranges and errors per the Lambda API reference,
/// one mapping per (stream, function), the stream-access check for the function's execution role (cross-account
/// needs the stream policy too), and the asynchronous state machine. Callers hold the world lock.
/// </summary>
public sealed class EventSourceMappingService(AwsWorld world, TimeSpan transitionDelay)
{
    public const string CannotAccessStream =
        "Cannot access stream {0}. Please ensure the role can perform the GetRecords, GetShardIterator, DescribeStream, and ListStreams Actions on your stream in IAM.";

    private const int MaxPageSize = 100;

    public (int Status, JsonObject Body) Create(Caller caller, JsonObject body)
    {
        var functionName = RequiredString(body, "FunctionName", "functionName");
        var sourceArn = body["EventSourceArn"]?.GetValue<string>()
            ?? throw Invalid("Unrecognized event source. EventSourceArn is required for DynamoDB stream event sources.");
        var source = Arn.TryParse(sourceArn);
        if (source is null || source.Service != "dynamodb" || !sourceArn.Contains("/stream/", StringComparison.Ordinal))
        {
            throw Invalid($"Unrecognized event source, must be a DynamoDB stream ARN: {sourceArn}");
        }
        if (source.Region != world.Region)
        {
            throw Invalid($"Cross-region triggers are not supported. The event source {sourceArn} is not in {world.Region}.");
        }
        var startingPosition = body["StartingPosition"]?.GetValue<string>()
            ?? throw Invalid("StartingPosition is required for DynamoDB stream event sources: specify TRIM_HORIZON or LATEST.");
        if (startingPosition is not ("TRIM_HORIZON" or "LATEST"))
        {
            throw startingPosition == "AT_TIMESTAMP"
                ? Invalid("Unsupported starting position for DynamoDB stream event sources: AT_TIMESTAMP.")
                : Validation($"1 validation error detected: Value '{startingPosition}' at 'startingPosition' failed to satisfy constraint: Member must satisfy enum value set: [LATEST, AT_TIMESTAMP, TRIM_HORIZON]");
        }
        var function = FunctionResolver.Resolve(world, caller.AccountId, functionName);
        var uuid = world.NewGuid().ToString();
        var mappingArn = $"arn:aws:lambda:{world.Region}:{caller.AccountId}:event-source-mapping:{uuid}";
        AccessControl.Demand(world, AwsService.Lambda, caller, "lambda:CreateEventSourceMapping", mappingArn, caller.AccountId, null);
        var now = world.Time.GetUtcNow();
        var mapping = new EventSourceMapping
        {
            Uuid = uuid,
            AccountId = caller.AccountId,
            Arn = mappingArn,
            EventSourceArn = sourceArn,
            FunctionArn = function.Arn,
            StartingPosition = startingPosition,
            LastModified = now,
        };
        ApplySettings(mapping, body);
        if (body["Tags"] is JsonObject tags)
        {
            if (!tags.All(t => t.Value is JsonValue v && v.TryGetValue<string>(out _)))
            {
                throw Invalid("Tags must map tag keys to string values.");
            }
            foreach (var (key, value) in tags)
            {
                mapping.Tags[key] = value!.GetValue<string>();
            }
        }
        var duplicate = world.MappingList.FirstOrDefault(m => m.EventSourceArn == sourceArn && m.FunctionArn == function.Arn);
        if (duplicate is not null)
        {
            throw new AwsErrorException(ServiceErrors.Lambda("ResourceConflictException",
                $"The event source arn (\" {sourceArn} \") and function (\" {function.Function.Name} \") provided mapping already exists. Please update or delete the existing mapping with UUID {duplicate.Uuid}",
                409));
        }
        var stream = world.FindStream(sourceArn);
        var role = world.FindRole(function.Function.Role);
        if (stream is null || role is null || !StreamReadAccess.RoleCanRead(world, role, stream))
        {
            throw Invalid(string.Format(CultureInfo.InvariantCulture, CannotAccessStream, sourceArn));
        }
        // LATEST means records written after the mapping was created.
        mapping.Checkpoint = startingPosition == "LATEST" && stream.Records.Count > 0 ? stream.Records[^1].Sequence : 0;
        mapping.State = "Creating";
        mapping.TransitionDueAt = now + transitionDelay;
        world.MappingList.Add(mapping);
        return (202, MappingJson.Of(mapping));
    }

    public JsonObject Get(Caller caller, string uuid)
    {
        var mapping = Find(caller, uuid, "lambda:GetEventSourceMapping");
        return MappingJson.Of(mapping);
    }

    public (int Status, JsonObject Body) Update(Caller caller, string uuid, JsonObject body)
    {
        var mapping = Find(caller, uuid, "lambda:UpdateEventSourceMapping");
        if (MappingLifecycle.IsBusy(mapping))
        {
            throw new AwsErrorException(ServiceErrors.Lambda("ResourceInUseException",
                $"Cannot update the event source mapping {uuid} because it is in the {mapping.State} state. Retry after it settles.", 400));
        }
        ResolvedFunction? newFunction = null;
        if (body["FunctionName"]?.GetValue<string>() is { } functionName)
        {
            var function = FunctionResolver.Resolve(world, caller.AccountId, functionName);
            var duplicate = world.MappingList.FirstOrDefault(m => m != mapping && m.EventSourceArn == mapping.EventSourceArn && m.FunctionArn == function.Arn);
            if (duplicate is not null)
            {
                throw new AwsErrorException(ServiceErrors.Lambda("ResourceConflictException",
                    $"The event source arn (\" {mapping.EventSourceArn} \") and function (\" {function.Function.Name} \") provided mapping already exists. Please update or delete the existing mapping with UUID {duplicate.Uuid}",
                    409));
            }
            newFunction = function;
        }
        var wasEnabled = mapping.Enabled;
        ApplySettings(mapping, body);
        if (newFunction is not null)
        {
            mapping.FunctionArn = newFunction.Arn;
        }
        mapping.State = mapping.Enabled == wasEnabled ? "Updating" : mapping.Enabled ? "Enabling" : "Disabling";
        mapping.StateTransitionReason = "USER_INITIATED";
        mapping.LastModified = world.Time.GetUtcNow();
        mapping.TransitionDueAt = mapping.LastModified + transitionDelay;
        return (202, MappingJson.Of(mapping));
    }

    public (int Status, JsonObject Body) Delete(Caller caller, string uuid)
    {
        var mapping = Find(caller, uuid, "lambda:DeleteEventSourceMapping");
        if (mapping.State == "Deleting")
        {
            return (202, MappingJson.Of(mapping));
        }
        if (MappingLifecycle.IsBusy(mapping))
        {
            throw new AwsErrorException(ServiceErrors.Lambda("ResourceInUseException",
                $"Cannot delete the event source mapping {uuid} because it is in the {mapping.State} state. Retry after it settles.", 400));
        }
        mapping.State = "Deleting";
        mapping.StateTransitionReason = "USER_INITIATED";
        mapping.TransitionDueAt = world.Time.GetUtcNow() + transitionDelay;
        return (202, MappingJson.Of(mapping));
    }

    public JsonObject List(Caller caller, IReadOnlyDictionary<string, string> query)
    {
        AccessControl.Demand(world, AwsService.Lambda, caller, "lambda:ListEventSourceMappings", "*", caller.AccountId, null);
        var maxItems = MaxPageSize;
        if (query.TryGetValue("MaxItems", out var maxText))
        {
            if (!int.TryParse(maxText, NumberStyles.Integer, CultureInfo.InvariantCulture, out maxItems) || maxItems is < 1 or > 10000)
            {
                throw Validation($"1 validation error detected: Value '{maxText}' at 'maxItems' failed to satisfy constraint: Member must have value between 1 and 10000");
            }
            maxItems = Math.Min(maxItems, MaxPageSize);
        }
        IEnumerable<EventSourceMapping> mappings = world.MappingList.Where(m => m.AccountId == caller.AccountId);
        if (query.TryGetValue("EventSourceArn", out var sourceArn))
        {
            mappings = mappings.Where(m => m.EventSourceArn == sourceArn);
        }
        if (query.TryGetValue("FunctionName", out var functionName))
        {
            ResolvedFunction function;
            try
            {
                function = FunctionResolver.Resolve(world, caller.AccountId, functionName);
            }
            catch (AwsErrorException)
            {
                mappings = [];
                function = null!;
            }
            if (function is not null)
            {
                mappings = mappings.Where(m => function.Qualifier is null
                    ? m.FunctionArn == function.Arn || m.FunctionArn.StartsWith(function.Arn + ":", StringComparison.Ordinal)
                    : m.FunctionArn == function.Arn);
            }
        }
        var all = mappings.ToList();
        var offset = 0;
        if (query.TryGetValue("Marker", out var marker) && !int.TryParse(marker, NumberStyles.Integer, CultureInfo.InvariantCulture, out offset))
        {
            throw Invalid($"Invalid marker: {marker}");
        }
        var page = all.Skip(offset).Take(maxItems).ToList();
        var result = new JsonObject
        {
            ["EventSourceMappings"] = new JsonArray([.. page.Select(m => (JsonNode)MappingJson.Of(m))]),
        };
        if (offset + page.Count < all.Count)
        {
            result["NextMarker"] = (offset + page.Count).ToString(CultureInfo.InvariantCulture);
        }
        return result;
    }

    public EventSourceMapping? FindByArn(string arn) => world.MappingList.FirstOrDefault(m => m.Arn == arn);

    private EventSourceMapping Find(Caller caller, string uuid, string action)
    {
        var arn = $"arn:aws:lambda:{world.Region}:{caller.AccountId}:event-source-mapping:{uuid}";
        AccessControl.Demand(world, AwsService.Lambda, caller, action, arn, caller.AccountId, null);
        return world.MappingList.FirstOrDefault(m => m.Uuid == uuid && m.AccountId == caller.AccountId)
            ?? throw new AwsErrorException(ServiceErrors.Lambda("ResourceNotFoundException", "The resource you requested does not exist.", 404));
    }

    /// <summary>Validates every setting present in the body first, then applies them all (nothing half-applied).</summary>
    private static void ApplySettings(EventSourceMapping mapping, JsonObject body)
    {
        var enabled = Bool(body, "Enabled") ?? mapping.Enabled;
        var batchSize = Int(body, "BatchSize", "batchSize", 1, 10000) ?? mapping.BatchSize;
        var window = Int(body, "MaximumBatchingWindowInSeconds", "maximumBatchingWindowInSeconds", 0, 300) ?? mapping.MaximumBatchingWindowInSeconds;
        var parallelization = Int(body, "ParallelizationFactor", "parallelizationFactor", 1, 10) ?? mapping.ParallelizationFactor;
        var retries = Int(body, "MaximumRetryAttempts", "maximumRetryAttempts", -1, 10000) ?? mapping.MaximumRetryAttempts;
        var maxAge = Int(body, "MaximumRecordAgeInSeconds", "maximumRecordAgeInSeconds", -1, 604800) ?? mapping.MaximumRecordAgeInSeconds;
        if (maxAge is >= 0 and < 60)
        {
            throw Invalid("MaximumRecordAgeInSeconds must be -1 (infinite) or between 60 and 604800 seconds.");
        }
        var tumbling = Int(body, "TumblingWindowInSeconds", "tumblingWindowInSeconds", 0, 900) ?? mapping.TumblingWindowInSeconds;
        var bisect = Bool(body, "BisectBatchOnFunctionError") ?? mapping.BisectBatchOnFunctionError;
        var responseTypes = mapping.FunctionResponseTypes;
        if (body["FunctionResponseTypes"] is JsonArray types)
        {
            responseTypes = [.. types.Select(t => t?.GetValue<string>() ?? string.Empty)];
            if (responseTypes.Any(t => t != "ReportBatchItemFailures"))
            {
                throw Validation($"1 validation error detected: Value '[{string.Join(", ", responseTypes)}]' at 'functionResponseTypes' failed to satisfy constraint: Member must satisfy enum value set: [ReportBatchItemFailures]");
            }
        }
        var filters = mapping.FilterPatterns;
        if (body["FilterCriteria"] is JsonObject criteria)
        {
            filters = criteria["Filters"] is JsonArray list ? [.. list.Select(f => f?["Pattern"]?.GetValue<string>() ?? string.Empty)] : null;
            if (filters is { Count: > 5 })
            {
                throw Invalid($"The number of filters ({filters.Count}) exceeds the limit of 5 filters per event source mapping.");
            }
            foreach (var pattern in filters ?? [])
            {
                if (pattern.Length > 4096 || EventPattern.TryParse(pattern, out _) is null)
                {
                    throw Invalid($"Invalid filter pattern definition: {pattern}");
                }
            }
            if (filters is { Count: 0 })
            {
                filters = null;
            }
        }
        var onFailure = mapping.OnFailureDestination;
        if (body["DestinationConfig"] is JsonObject destination)
        {
            if (destination["OnSuccess"] is JsonObject)
            {
                throw Invalid("Unsupported DestinationConfig parameter for given event source mapping type: OnSuccess.");
            }
            onFailure = destination["OnFailure"]?["Destination"]?.GetValue<string>();
            if (onFailure is not null && Arn.TryParse(onFailure)?.Service is not ("sqs" or "sns" or "s3"))
            {
                throw Invalid($"Unsupported destination for a DynamoDB stream event source: {onFailure}. Use a standard SQS queue, SNS topic or S3 bucket ARN.");
            }
        }
        var metrics = mapping.Metrics;
        if (body["MetricsConfig"] is JsonObject metricsConfig)
        {
            metrics = metricsConfig["Metrics"] is JsonArray m ? [.. m.Select(x => x?.GetValue<string>() ?? string.Empty)] : null;
            if (metrics is not null && metrics.Any(x => x != "EventCount"))
            {
                throw Invalid("Unsupported metric for a DynamoDB stream event source; only EventCount is supported.");
            }
        }
        if (body.ContainsKey("StartingPositionTimestamp"))
        {
            throw Invalid("StartingPositionTimestamp is only supported with the AT_TIMESTAMP starting position, which DynamoDB streams do not support.");
        }
        mapping.Enabled = enabled;
        mapping.BatchSize = batchSize;
        mapping.MaximumBatchingWindowInSeconds = window;
        mapping.ParallelizationFactor = parallelization;
        mapping.MaximumRetryAttempts = retries;
        mapping.MaximumRecordAgeInSeconds = maxAge;
        mapping.TumblingWindowInSeconds = tumbling;
        mapping.BisectBatchOnFunctionError = bisect;
        mapping.FunctionResponseTypes = responseTypes;
        mapping.FilterPatterns = filters;
        mapping.OnFailureDestination = onFailure;
        mapping.Metrics = metrics;
    }

    private static int? Int(JsonObject body, string name, string member, int min, int max)
    {
        if (body[name] is not JsonValue value)
        {
            return null;
        }
        if (!value.TryGetValue<int>(out var number))
        {
            throw Validation($"1 validation error detected: Value '{value.ToJsonString()}' at '{member}' failed to satisfy constraint: Member must be an integer");
        }
        if (number < min)
        {
            throw Validation($"1 validation error detected: Value '{number}' at '{member}' failed to satisfy constraint: Member must have value greater than or equal to {min}");
        }
        if (number > max)
        {
            throw Validation($"1 validation error detected: Value '{number}' at '{member}' failed to satisfy constraint: Member must have value less than or equal to {max}");
        }
        return number;
    }

    private static bool? Bool(JsonObject body, string name) =>
        body[name] is JsonValue value ? value.TryGetValue<bool>(out var b) ? b : throw Validation($"{name} must be a boolean") : null;

    private static string RequiredString(JsonObject body, string name, string member) =>
        body[name] is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > 0
            ? text
            : throw Validation($"1 validation error detected: Value null at '{member}' failed to satisfy constraint: Member must not be null");

    internal static AwsErrorException Invalid(string message) =>
        new(ServiceErrors.Lambda("InvalidParameterValueException", message, 400));

    internal static AwsErrorException Validation(string message) =>
        new(ServiceErrors.Lambda("ValidationException", message, 400));
}
