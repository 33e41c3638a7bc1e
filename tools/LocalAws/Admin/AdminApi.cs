using System.Text;
using System.Text.Json.Nodes;

namespace LocalAws.Admin;

/// <summary>
/// Unauthenticated inspection endpoints under /_localaws/: GET state, GET calls, GET invocations, POST seed.
/// </summary>
public sealed class AdminApi(AwsWorld world)
{
    public const string Prefix = "/_localaws";

    private static readonly System.Text.Json.JsonSerializerOptions Output = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public async Task HandleAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var path = context.Request.Path.Value ?? string.Empty;
        var method = context.Request.Method;
        JsonNode? result;
        var status = 200;
        try
        {
            result = (method, path[Prefix.Length..].TrimEnd('/')) switch
            {
                ("GET", "/state") => world.Snapshot(),
                ("GET", "/calls") => new JsonArray([.. world.Calls.Select(c => (JsonNode)new JsonObject
                {
                    ["timestamp"] = c.Timestamp.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                    ["service"] = c.Service,
                    ["operation"] = c.Operation,
                    ["callerAccount"] = c.CallerAccount,
                    ["callerArn"] = c.CallerArn,
                    ["outcome"] = c.Outcome,
                    ["httpStatus"] = c.HttpStatus,
                })]),
                ("GET", "/invocations") => new JsonArray([.. world.Invocations.Select(i => (JsonNode)new JsonObject
                {
                    ["id"] = i.Id,
                    ["mappingUuid"] = i.MappingUuid,
                    ["functionArn"] = i.FunctionArn,
                    ["eventSourceArn"] = i.EventSourceArn,
                    ["at"] = i.At.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                    ["event"] = i.Event.DeepClone(),
                })]),
                ("POST", "/seed") => await SeedAsync(context, cancellationToken),
                _ => null,
            };
            if (result is null)
            {
                status = 404;
                result = new JsonObject { ["message"] = $"No admin endpoint {method} {path}; try GET state, calls, invocations or POST seed." };
            }
        }
        catch (InvalidDataException ex)
        {
            status = 400;
            result = new JsonObject { ["message"] = ex.Message };
        }
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(result.ToJsonString(Output), cancellationToken);
    }

    private async Task<JsonNode> SeedAsync(HttpContext context, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var text = await reader.ReadToEndAsync(cancellationToken);
        WorldSeed seed;
        try
        {
            seed = WorldSeed.FromJson(text);
        }
        catch (System.Text.Json.JsonException ex)
        {
            throw new InvalidDataException($"The seed is not valid JSON: {ex.Message}", ex);
        }
        world.Apply(seed);
        return new JsonObject { ["applied"] = true, ["accounts"] = seed.Accounts.Count };
    }
}
