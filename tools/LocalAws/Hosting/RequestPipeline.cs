using System.Text;
using LocalAws.Auth;
using LocalAws.Iam;
using LocalAws.Limits;
using LocalAws.Protocols;
using Microsoft.AspNetCore.Http.Features;

namespace LocalAws.Hosting;

/// <summary>A service implementation: answers one authenticated request.</summary>
public interface IServiceHandler
{
    AwsService Service { get; }

    AwsResponse Handle(AwsRequest request);
}

/// <summary>
/// The path every request takes: classify by protocol, verify SigV4, apply injected faults and rate limits,
/// dispatch, render errors in the service's shape, and record the call.
/// </summary>
public sealed class RequestPipeline(
    AwsWorld world,
    SignatureVerifier verifier,
    IReadOnlyDictionary<AwsService, IServiceHandler> handlers,
    RateLimiter limiter,
    FaultInjector faults)
{
    public async Task HandleAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var http = context.Request;
        using var buffer = new MemoryStream();
        await http.Body.CopyToAsync(buffer, cancellationToken);
        var body = buffer.ToArray();
        var rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? (http.Path + http.QueryString).ToString();
        var queryStart = rawTarget.IndexOf('?', StringComparison.Ordinal);
        var rawPath = queryStart >= 0 ? rawTarget[..queryStart] : rawTarget;
        var rawQuery = queryStart >= 0 ? rawTarget[(queryStart + 1)..] : string.Empty;
        var segments = rawPath.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToList();
        var query = ParsePairs(rawQuery);
        var form = http.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) == true
            ? ParsePairs(Encoding.UTF8.GetString(body))
            : new Dictionary<string, string>(StringComparer.Ordinal);
        var requestId = world.NewGuidLocked().ToString();
        context.Response.Headers["x-amzn-RequestId"] = requestId;

        var route = RequestClassifier.Classify(http, segments, query, form);
        if (route is null)
        {
            var unknown = new AwsError("UnknownOperationException", $"No service handles {http.Method} {rawPath}", 400) { JsonTypeNamespace = "com.amazon.coral.service" };
            await WriteAsync(context, ErrorRenderer.Render(WireProtocol.Json10, unknown, requestId), cancellationToken);
            return;
        }
        var (service, operation) = route.Value;
        var protocol = ServiceErrors.ProtocolOf(service);
        var signed = new SignedRequest(http.Method, rawPath, rawQuery, name => HeaderValues(http, name), body);
        var verification = verifier.Verify(signed, ServiceErrors.SigningName(service));
        if (verification.Key is null)
        {
            var error = ServiceErrors.Auth(service, verification.Failure!.Value, verification.Detail);
            var keyOwner = verification.AccessKeyId is null ? null : world.FindKey(verification.AccessKeyId)?.Caller;
            await FinishAsync(context, protocol, error, requestId, service, operation, keyOwner, cancellationToken);
            return;
        }
        var caller = verification.Key.Caller;
        var request = new AwsRequest
        {
            Service = service,
            Operation = operation,
            Method = http.Method,
            PathSegments = segments,
            Query = query,
            QueryValues = rawQuery.Split('&', StringSplitOptions.RemoveEmptyEntries)
                .Select(part => part.Split('=', 2))
                .ToLookup(kv => Uri.UnescapeDataString(kv[0].Replace('+', ' ')), kv => kv.Length > 1 ? Uri.UnescapeDataString(kv[1].Replace('+', ' ')) : string.Empty, StringComparer.Ordinal),
            Form = form,
            Body = body,
            Caller = caller,
            RequestId = requestId,
        };

        var fault = await faults.ApplyAsync(service, operation, cancellationToken);
        if (fault is not null)
        {
            await FinishAsync(context, protocol, fault, requestId, service, operation, caller, cancellationToken);
            return;
        }
        if (!limiter.TryAcquire(caller.AccountId, service, operation))
        {
            await FinishAsync(context, protocol, ServiceErrors.Throttled(service), requestId, service, operation, caller, cancellationToken);
            return;
        }
        AwsResponse response;
        try
        {
            response = handlers.TryGetValue(service, out var handler)
                ? handler.Handle(request)
                : throw new AwsErrorException(ServiceErrors.UnknownOperation(service, operation));
        }
        catch (AwsErrorException ex)
        {
            await FinishAsync(context, protocol, ex.Error, requestId, service, operation, caller, cancellationToken);
            return;
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException or System.Text.Json.JsonException)
        {
            // A member of the wrong JSON type (a number where a string belongs, ...): the services call this malformed input.
            await FinishAsync(context, protocol, MalformedInput(service, ex.Message), requestId, service, operation, caller, cancellationToken);
            return;
        }
        var answered = new CallRecord(world.Time.GetUtcNow(), ServiceErrors.LogName(service), operation, caller.AccountId, caller.Arn, "Success", response.Status);
        world.RecordCall(answered);
        await WriteAsync(context, response, cancellationToken);
        await NotifyAnsweredAsync(context, answered);
    }

    private async Task FinishAsync(HttpContext context, WireProtocol protocol, AwsError error, string requestId,
        AwsService service, string operation, Caller? caller, CancellationToken cancellationToken)
    {
        var answered = new CallRecord(world.Time.GetUtcNow(), ServiceErrors.LogName(service), operation, caller?.AccountId, caller?.Arn, error.Code, error.Status);
        world.RecordCall(answered);
        await WriteAsync(context, ErrorRenderer.Render(protocol, error, requestId), cancellationToken);
        await NotifyAnsweredAsync(context, answered);
    }

    /// <summary>Completes the response, so the client has the whole answer, then tells fault hooks it was answered.</summary>
    private async Task NotifyAnsweredAsync(HttpContext context, CallRecord answered)
    {
        await context.Response.CompleteAsync();
        faults.OnAnswered(answered);
    }

    private static AwsError MalformedInput(AwsService service, string detail) => service switch
    {
        AwsService.Lambda => new AwsError("InvalidRequestContentException", $"Could not parse request body into json: {detail}", 400),
        AwsService.Sts => new AwsError("MalformedInput", detail, 400),
        _ => new AwsError("SerializationException", detail, 400) { JsonTypeNamespace = "com.amazon.coral.service" },
    };

    private static async Task WriteAsync(HttpContext context, AwsResponse response, CancellationToken cancellationToken)
    {
        context.Response.StatusCode = response.Status;
        context.Response.ContentType = response.ContentType;
        foreach (var (name, value) in response.Headers)
        {
            context.Response.Headers[name] = value;
        }
        var bytes = Encoding.UTF8.GetBytes(response.Body);
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes, cancellationToken);
    }

    private static List<string> HeaderValues(HttpRequest request, string name)
    {
        var values = request.Headers[name];
        var list = new List<string>(values.Count);
        foreach (var value in values)
        {
            if (value is not null)
            {
                list.Add(value);
            }
        }
        return list;
    }

    internal static Dictionary<string, string> ParsePairs(string text)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in text.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = part.Split('=', 2);
            var key = Uri.UnescapeDataString(kv[0].Replace('+', ' '));
            result[key] = kv.Length > 1 ? Uri.UnescapeDataString(kv[1].Replace('+', ' ')) : string.Empty;
        }
        return result;
    }
}
