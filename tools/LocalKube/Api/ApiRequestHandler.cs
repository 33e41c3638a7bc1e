using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LocalKube.Faults;
using LocalKube.Json;
using LocalKube.Resources;
using LocalKube.Selectors;
using LocalKube.Tables;

namespace LocalKube.Api;

/// <summary>
/// Routes an HTTP request to discovery, OpenAPI or a resource operation, enforcing authentication, the viewer's
/// read-only access, request counting and injected faults, and renders errors as <c>Status</c> bodies.
/// </summary>
public sealed class ApiRequestHandler(
    ResourceRegistry registry,
    ResourceOperations operations,
    WatchStreamer watches,
    AccessTokens tokens,
    ApiServerStats stats,
    FaultInjector faults,
    TimeProvider time)
{
    private static readonly string[] ReadVerbs = ["get", "list", "watch"];

    public async Task HandleAsync(HttpContext context)
    {
        try
        {
            await DispatchAsync(context);
        }
        catch (ApiException e) when (!context.Response.HasStarted)
        {
            await WriteJsonAsync(context.Response, e.Code, e.ToStatus(), context.RequestAborted);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away.
        }
        catch (Exception e) when (!context.Response.HasStarted && e is InvalidOperationException or FormatException or KeyNotFoundException or NullReferenceException or ArgumentException)
        {
            // A body this emulator cannot interpret: answer like the real server's panic handler, never with an empty 500.
            var status = StatusBodies.Failure(500, "InternalError", $"Internal error occurred: {e.Message}", null);
            await WriteJsonAsync(context.Response, 500, status, context.RequestAborted);
        }
    }

    private async Task DispatchAsync(HttpContext context)
    {
        var request = context.Request;
        var user = Authenticate(request);
        var path = request.Path.Value?.TrimEnd('/') ?? "";
        var ct = context.RequestAborted;
        switch (path)
        {
            case "/version":
                await WriteJsonAsync(context.Response, 200, DiscoveryDocuments.Version(), ct);
                return;
            case "/healthz" or "/readyz" or "/livez":
                context.Response.ContentType = "text/plain";
                await context.Response.WriteAsync("ok", ct);
                return;
            case "/api":
                await WriteJsonAsync(context.Response, 200, DiscoveryDocuments.CoreVersions($"{request.Host}"), ct);
                return;
            case "/apis":
                await WriteJsonAsync(context.Response, 200, DiscoveryDocuments.GroupList(registry), ct);
                return;
            case "/openapi/v3":
                await WriteJsonAsync(context.Response, 200, OpenApiDocuments.Index(registry), ct);
                return;
            default:
                break;
        }

        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length >= 2 && segments[0] == "openapi" && segments[1] == "v3")
        {
            var (group, version) = segments switch
            {
                [_, _, "api", var v] => ("", v),
                [_, _, "apis", var g, var v] => (g, v),
                _ => throw NotFound(),
            };
            await WriteJsonAsync(context.Response, 200, OpenApiDocuments.Document(registry, group, version) ?? throw NotFound(), ct);
            return;
        }

        if (segments is ["apis", var onlyGroup])
        {
            await WriteJsonAsync(context.Response, 200, DiscoveryDocuments.Group(registry, onlyGroup) ?? throw NotFound(), ct);
            return;
        }

        var (groupName, versionName, rest) = segments switch
        {
            ["api", var v, .. var r] => ("", v, r),
            ["apis", var g, var v, .. var r] => (g, v, r),
            _ => throw NotFound(),
        };
        if (rest.Length == 0)
        {
            await WriteJsonAsync(context.Response, 200, DiscoveryDocuments.ResourceList(registry, groupName, versionName) ?? throw NotFound(), ct);
            return;
        }

        await HandleResourceAsync(context, user, ResolveTarget(groupName, versionName, rest), ct);
    }

    private async Task HandleResourceAsync(HttpContext context, string user, Target target, CancellationToken ct)
    {
        var request = context.Request;
        var query = request.Query;
        var type = target.Type;
        var isWatch = query["watch"] is var w && (w == "true" || w == "1");
        var verb = (request.Method, target.Name is null) switch
        {
            ("GET", false) => isWatch ? "watch" : "get",
            ("GET", true) => isWatch ? "watch" : "list",
            ("POST", true) => "create",
            ("PUT", false) => "update",
            ("PATCH", false) => "patch",
            ("DELETE", false) => "delete",
            ("DELETE", true) => "deletecollection",
            _ => throw new ApiException(405, "MethodNotAllowed", $"the server does not allow this method on the requested resource"),
        };
        if (target.Subresource is not null && (target.Subresource != "status" || !type.HasStatus || verb is not ("get" or "update" or "patch")))
        {
            throw NotFound();
        }

        if (type.Namespaced && target.Namespace is null && verb is not ("list" or "watch"))
        {
            throw NotFound();
        }

        var resource = target.Subresource is null ? type.Plural : $"{type.Plural}/{target.Subresource}";
        stats.Record(verb, resource);
        stats.Record(new ApiRequestKind(verb, type.Group, type.Plural, target.Subresource ?? "", request.Headers.UserAgent.ToString()));
        Authorize(user, verb, type, resource, target);
        await faults.BeforeRequestAsync(verb, resource, type.Group, target.Name ?? "", ct);

        var labels = LabelSelector.Parse(query["labelSelector"]);
        var fieldSelectorText = query["fieldSelector"].ToString();
        if (isWatch && target.Name is not null)
        {
            fieldSelectorText = string.IsNullOrEmpty(fieldSelectorText) ? $"metadata.name={target.Name}" : $"{fieldSelectorText},metadata.name={target.Name}";
        }

        var fields = FieldSelector.Parse(fieldSelectorText, type);
        var dryRun = DryRun(query["dryRun"]);
        var options = new WriteOptions(FieldValidation(query["fieldValidation"]), query["fieldManager"], dryRun);
        var status = target.Subresource == "status";
        switch (verb)
        {
            case "watch":
                var timeout = int.TryParse(query["timeoutSeconds"], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
                    ? TimeSpan.FromSeconds(seconds)
                    : TimeSpan.FromSeconds(1800 * (1 + Random.Shared.NextDouble()));
                await watches.StreamAsync(context.Response, new WatchRequest(
                    type, target.Namespace, labels, fields, query["resourceVersion"], query["resourceVersionMatch"],
                    query["sendInitialEvents"] == "true", query["allowWatchBookmarks"] == "true", timeout,
                    WantsTable(request) ? query["includeObject"].ToString() : null), ct);
                return;
            case "get":
                var obj = operations.Get(type, target.Namespace, target.Name!);
                await WriteObjectsAsync(context, type, [obj], single: obj, obj["metadata"]!["resourceVersion"]!.GetValue<string>(), ct);
                return;
            case "list":
                var (items, revision) = operations.List(type, target.Namespace, labels, fields);
                await WriteObjectsAsync(context, type, items, single: null, revision.ToString(CultureInfo.InvariantCulture), ct);
                return;
            case "create":
                await WriteResultAsync(context, operations.Create(type, target.Namespace, await ReadObjectAsync(request, ct), options), ct);
                return;
            case "update":
                await WriteResultAsync(context, operations.Update(type, target.Namespace, target.Name!, await ReadObjectAsync(request, ct), options, status), ct);
                return;
            case "patch":
                var contentType = MediaType(request.ContentType);
                if (contentType is not ("application/json-patch+json" or "application/merge-patch+json" or "application/strategic-merge-patch+json" or "application/apply-patch+yaml"))
                {
                    throw new ApiException(415, "UnsupportedMediaType", $"the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml");
                }

                var text = await ReadTextAsync(request, ct);
                await WriteResultAsync(context, operations.Patch(type, target.Namespace, target.Name!, contentType, text, options, status), ct);
                return;
            case "delete":
                var body = await ReadTextAsync(request, ct);
                var deleteOptions = body.Trim().Length == 0 ? null : Parse(body, request.ContentType) as JsonObject;
                await WriteResultAsync(context, operations.Delete(type, target.Namespace, target.Name!, deleteOptions, dryRun || deleteOptions?["dryRun"] is JsonArray { Count: > 0 }), ct);
                return;
            default:
                await WriteResultAsync(context, operations.DeleteCollection(type, target.Namespace, labels, fields), ct);
                return;
        }
    }

    private Target ResolveTarget(string group, string version, string[] rest)
    {
        if (rest.Length >= 3 && rest[0] == "namespaces" && registry.Find(group, version, rest[2]) is { Namespaced: true } namespacedType)
        {
            return rest.Length > 5 ? throw NotFound() : new Target(namespacedType, rest[1], rest.ElementAtOrDefault(3), rest.ElementAtOrDefault(4));
        }

        var type = registry.Find(group, version, rest[0]) ?? throw NotFound();
        return rest.Length > 3 ? throw NotFound() : new Target(type, null, rest.ElementAtOrDefault(1), rest.ElementAtOrDefault(2));
    }

    private string Authenticate(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            var token = header["Bearer ".Length..].Trim();
            if (token == tokens.Admin)
            {
                return AccessTokens.AdminUser;
            }

            if (token == tokens.Viewer)
            {
                return AccessTokens.ViewerUser;
            }
        }

        throw new ApiException(401, "Unauthorized", "Unauthorized");
    }

    private static void Authorize(string user, string verb, ResourceType type, string resource, Target target)
    {
        if (user == AccessTokens.AdminUser || ReadVerbs.Contains(verb))
        {
            return;
        }

        var subject = target.Name is null ? ApiException.Qualified(type.Plural, type.Group) : $"{ApiException.Qualified(type.Plural, type.Group)} \"{target.Name}\"";
        var scope = target.Namespace is null ? "at the cluster scope" : $"in the namespace \"{target.Namespace}\"";
        throw ApiException.Forbidden(
            $"{subject} is forbidden: User \"{user}\" cannot {verb} resource \"{resource}\" in API group \"{type.Group}\" {scope}",
            type.Group, type.Plural, target.Name ?? "");
    }

    private async Task WriteObjectsAsync(HttpContext context, ResourceType type, IReadOnlyList<JsonObject> items, JsonObject? single, string resourceVersion, CancellationToken ct)
    {
        if (WantsTable(context.Request))
        {
            var includeObject = context.Request.Query["includeObject"].ToString();
            var table = TableConverter.Convert(type, items, resourceVersion, time.GetUtcNow(), includeObject);
            await WriteJsonAsync(context.Response, 200, table, ct, "application/json;as=Table;v=v1;g=meta.k8s.io");
            return;
        }

        var body = single ?? operations.ListBody(type, items, long.Parse(resourceVersion, CultureInfo.InvariantCulture));
        await WriteJsonAsync(context.Response, 200, body, ct);
    }

    private static bool WantsTable(HttpRequest request) =>
        request.Headers.Accept.ToString().Contains("as=Table", StringComparison.Ordinal);

    private static async Task WriteResultAsync(HttpContext context, ApiResult result, CancellationToken ct)
    {
        foreach (var warning in result.Warnings)
        {
            context.Response.Headers.Append("Warning", $"299 - \"{warning.Replace("\"", "\\\"", StringComparison.Ordinal)}\"");
        }

        await WriteJsonAsync(context.Response, result.StatusCode, result.Body, ct);
    }

    private static async Task WriteJsonAsync(HttpResponse response, int statusCode, JsonObject body, CancellationToken ct, string contentType = "application/json")
    {
        response.StatusCode = statusCode;
        response.ContentType = contentType;
        await response.WriteAsync(JsonText.Write(body), ct);
    }

    private static async Task<JsonObject> ReadObjectAsync(HttpRequest request, CancellationToken ct)
    {
        if (MediaType(request.ContentType) == ProtobufBodies.MediaType)
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer, ct);
            return ProtobufBodies.Decode(buffer.ToArray());
        }

        var text = await ReadTextAsync(request, ct);
        return Parse(text, request.ContentType) as JsonObject ?? throw ApiException.BadRequest("Object 'Kind' is missing in the request body");
    }

    private static JsonNode? Parse(string text, string? contentType)
    {
        if (MediaType(contentType) is not ("" or "application/json" or "application/yaml" or "application/x-yaml" or "*/*"))
        {
            throw new ApiException(415, "UnsupportedMediaType",
                $"the body of the request was in an unknown format - accepted media types include: application/json, application/yaml");
        }

        try
        {
            return MediaType(contentType) is "application/yaml" or "application/x-yaml" ? YamlJson.ParseSingle(text) : JsonNode.Parse(text);
        }
        catch (Exception e) when (e is JsonException or YamlDotNet.Core.YamlException)
        {
            throw ApiException.BadRequest($"the object provided is unrecognized: {e.Message}");
        }
    }

    private static async Task<string> ReadTextAsync(HttpRequest request, CancellationToken ct)
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        return await reader.ReadToEndAsync(ct);
    }

    private static string MediaType(string? contentType) =>
        (contentType ?? "").Split(';')[0].Trim().ToLowerInvariant();

    private static string FieldValidation(string? value) => value?.ToLowerInvariant() switch
    {
        null or "" or "warn" => "Warn",
        "strict" => "Strict",
        "ignore" => "Ignore",
        _ => throw ApiException.BadRequest($"fieldValidation must be one of Ignore, Warn, or Strict, got \"{value}\""),
    };

    private static bool DryRun(string? value) => value switch
    {
        null or "" => false,
        "All" => true,
        _ => throw ApiException.Invalid("", "DryRun", "", [FieldError.NotSupported("dryRun", JsonValue.Create(value), [JsonValue.Create("All")])]),
    };

    private static ApiException NotFound() =>
        new(404, "NotFound", "the server could not find the requested resource", new JsonObject());

    private sealed record Target(ResourceType Type, string? Namespace, string? Name, string? Subresource);
}
