using System.Globalization;
using System.Text.Json.Nodes;
using LocalAws.Hosting;
using LocalAws.Iam;
using LocalAws.Protocols;

namespace LocalAws.Services.Lambda;

/// <summary>Lambda over REST-JSON: functions (configuration only), tags, and the event source mapping API.</summary>
public sealed class LambdaService(AwsWorld world, EventSourceMappingService mappings) : IServiceHandler
{
    public AwsService Service => AwsService.Lambda;

    public AwsResponse Handle(AwsRequest request)
    {
        var segments = request.PathSegments;
        var caller = request.Caller;
        var body = request.Method is "POST" or "PUT" ? request.Json() : [];
        lock (world.Sync)
        {
            MappingLifecycle.Advance(world, world.Time.GetUtcNow());
            return request.Operation switch
            {
                "CreateEventSourceMapping" => Respond(mappings.Create(caller, body)),
                "GetEventSourceMapping" => Respond(200, mappings.Get(caller, segments[2])),
                "UpdateEventSourceMapping" => Respond(mappings.Update(caller, segments[2], body)),
                "DeleteEventSourceMapping" => Respond(mappings.Delete(caller, segments[2])),
                "ListEventSourceMappings" => Respond(200, mappings.List(caller, request.Query)),
                "CreateFunction" => Respond(201, CreateFunction(caller, body)),
                "GetFunction" => Respond(200, GetFunction(caller, segments[2], Qualifier(request))),
                "GetFunctionConfiguration" => Respond(200, GetFunctionConfiguration(caller, segments[2], Qualifier(request))),
                "ListFunctions" => Respond(200, ListFunctions(caller)),
                "DeleteFunction" => DeleteFunction(caller, segments[2]),
                "TagResource" => TagResource(caller, segments[2], body),
                "ListTags" => Respond(200, ListTags(caller, segments[2])),
                "UntagResource" => UntagResource(caller, segments[2], request.QueryValues["tagKeys"]),
                _ => throw new AwsErrorException(ServiceErrors.UnknownOperation(Service, $"{request.Method} /{string.Join('/', segments)}")),
            };
        }
    }

    private static string? Qualifier(AwsRequest request) => request.Query.TryGetValue("Qualifier", out var qualifier)
        ? qualifier.Length > 0
            ? qualifier
            : throw EventSourceMappingService.Validation("1 validation error detected: Value '' at 'qualifier' failed to satisfy constraint: Member must have length greater than or equal to 1")
        : null;

    private JsonObject CreateFunction(Caller caller, JsonObject body)
    {
        var name = body["FunctionName"]?.GetValue<string>()
            ?? throw EventSourceMappingService.Validation("1 validation error detected: Value null at 'functionName' failed to satisfy constraint: Member must not be null");
        var roleArn = body["Role"]?.GetValue<string>()
            ?? throw EventSourceMappingService.Validation("1 validation error detected: Value null at 'role' failed to satisfy constraint: Member must not be null");
        var arn = $"arn:aws:lambda:{world.Region}:{caller.AccountId}:function:{name}";
        AccessControl.Demand(world, Service, caller, "lambda:CreateFunction", arn, caller.AccountId, null);
        var account = world.GetOrAddAccount(caller.AccountId);
        if (account.Functions.ContainsKey(name))
        {
            throw new AwsErrorException(ServiceErrors.Lambda("ResourceConflictException", $"Function already exist: {name}", 409));
        }
        var role = world.FindRole(roleArn);
        var lambdaPrincipal = new Caller("lambda", "lambda.amazonaws.com", PrincipalKind.Service, "lambda.amazonaws.com");
        var trusted = role is not null && PolicyEvaluator.Evaluate(role.TrustPolicy,
            new RequestContext(lambdaPrincipal, "sts:AssumeRole", role.Arn, role.AccountId), resourcePolicy: true) is { Allow: true, ExplicitDeny: false };
        if (!trusted)
        {
            throw EventSourceMappingService.Invalid("The role defined for the function cannot be assumed by Lambda.");
        }
        var function = world.AddFunction(account, name, roleArn,
            body["Runtime"]?.GetValue<string>() ?? "python3.12",
            body["Handler"]?.GetValue<string>() ?? "index.handler",
            world.Time.GetUtcNow());
        if (body["Tags"] is JsonObject tags)
        {
            foreach (var (key, value) in tags)
            {
                function.Tags[key] = value?.GetValue<string>() ?? string.Empty;
            }
        }
        return Configuration(new ResolvedFunction(function, null));
    }

    private JsonObject GetFunction(Caller caller, string reference, string? qualifier)
    {
        var function = FunctionResolver.Resolve(world, caller.AccountId, reference, qualifier);
        AccessControl.Demand(world, Service, caller, "lambda:GetFunction", function.Arn, caller.AccountId, null);
        return new JsonObject
        {
            ["Configuration"] = Configuration(function),
            ["Code"] = new JsonObject { ["RepositoryType"] = "S3", ["Location"] = $"https://localaws.invalid/code/{function.Function.Name}" },
            ["Tags"] = TagsJson(function.Function.Tags),
        };
    }

    private JsonObject GetFunctionConfiguration(Caller caller, string reference, string? qualifier)
    {
        var function = FunctionResolver.Resolve(world, caller.AccountId, reference, qualifier);
        AccessControl.Demand(world, Service, caller, "lambda:GetFunctionConfiguration", function.Arn, caller.AccountId, null);
        return Configuration(function);
    }

    private JsonObject ListFunctions(Caller caller)
    {
        AccessControl.Demand(world, Service, caller, "lambda:ListFunctions", "*", caller.AccountId, null);
        var functions = world.FindAccount(caller.AccountId)?.Functions.Values.OrderBy(f => f.Name, StringComparer.Ordinal) ?? Enumerable.Empty<LambdaFunction>();
        return new JsonObject { ["Functions"] = new JsonArray([.. functions.Select(f => (JsonNode)Configuration(new ResolvedFunction(f, null)))]) };
    }

    private AwsResponse DeleteFunction(Caller caller, string reference)
    {
        var function = FunctionResolver.Resolve(world, caller.AccountId, reference);
        AccessControl.Demand(world, Service, caller, "lambda:DeleteFunction", function.Function.Arn, caller.AccountId, null);
        world.FindAccount(caller.AccountId)!.Functions.Remove(function.Function.Name);
        return new AwsResponse(204, "application/json", string.Empty);
    }

    private AwsResponse TagResource(Caller caller, string arn, JsonObject body)
    {
        var tags = TagsOf(caller, arn, "lambda:TagResource");
        if (body["Tags"] is not JsonObject newTags)
        {
            throw EventSourceMappingService.Validation("1 validation error detected: Value null at 'tags' failed to satisfy constraint: Member must not be null");
        }
        foreach (var (key, value) in newTags)
        {
            tags[key] = value?.GetValue<string>() ?? string.Empty;
        }
        return new AwsResponse(204, "application/json", string.Empty);
    }

    private JsonObject ListTags(Caller caller, string arn) => new() { ["Tags"] = TagsJson(TagsOf(caller, arn, "lambda:ListTags")) };

    private AwsResponse UntagResource(Caller caller, string arn, IEnumerable<string> tagKeys)
    {
        var tags = TagsOf(caller, arn, "lambda:UntagResource");
        foreach (var key in tagKeys)
        {
            tags.Remove(key);
        }
        return new AwsResponse(204, "application/json", string.Empty);
    }

    private Dictionary<string, string> TagsOf(Caller caller, string arn, string action)
    {
        AccessControl.Demand(world, Service, caller, action, arn, Arn.TryParse(arn)?.Account ?? caller.AccountId, null);
        if (mappings.FindByArn(arn) is { } mapping && mapping.AccountId == caller.AccountId)
        {
            return mapping.Tags;
        }
        var parsed = Arn.TryParse(arn);
        if (parsed is not null && parsed.Resource.StartsWith("function:", StringComparison.Ordinal) && parsed.Account == caller.AccountId
            && world.FindAccount(caller.AccountId)?.Functions.GetValueOrDefault(parsed.Resource.Split(':')[1]) is { } function)
        {
            return function.Tags;
        }
        throw new AwsErrorException(ServiceErrors.Lambda("ResourceNotFoundException", $"The resource you requested does not exist. ({arn})", 404));
    }

    private JsonObject Configuration(ResolvedFunction resolved)
    {
        var f = resolved.Function;
        return new JsonObject
        {
            ["FunctionName"] = f.Name,
            ["FunctionArn"] = resolved.Arn,
            ["Runtime"] = f.Runtime,
            ["Role"] = f.Role,
            ["Handler"] = f.Handler,
            ["CodeSize"] = 0,
            ["Description"] = string.Empty,
            ["Timeout"] = 3,
            ["MemorySize"] = 128,
            ["LastModified"] = f.LastModified.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'+0000'", CultureInfo.InvariantCulture),
            ["CodeSha256"] = "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=",
            ["Version"] = resolved.Version,
            ["TracingConfig"] = new JsonObject { ["Mode"] = "PassThrough" },
            ["RevisionId"] = f.RevisionId,
            ["State"] = "Active",
            ["LastUpdateStatus"] = "Successful",
            ["PackageType"] = "Zip",
            ["Architectures"] = new JsonArray("x86_64"),
            ["EphemeralStorage"] = new JsonObject { ["Size"] = 512 },
        };
    }

    private static JsonObject TagsJson(Dictionary<string, string> tags)
    {
        var json = new JsonObject();
        foreach (var (key, value) in tags)
        {
            json[key] = value;
        }
        return json;
    }

    private static AwsResponse Respond((int Status, JsonObject Body) result) => Respond(result.Status, result.Body);

    private static AwsResponse Respond(int status, JsonObject body) => AwsResponse.Json(body, status, "application/json");
}
