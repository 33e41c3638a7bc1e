using System.Text;
using CrossAccountStreams.Operator.Runtime;

namespace CrossAccountStreams.Operator.Hosting;

/// <summary>
/// The two HTTP ports: metrics (<c>GET /metrics</c>) and health (<c>GET /healthz</c>, <c>GET /readyz</c>), each
/// answered only on its own port. Readiness follows controller-runtime: ready once the caches are synced, on
/// followers too (a follower is a healthy standby; leadership shows in the body, not in the status code).
/// </summary>
public static class OperatorEndpoints
{
    public static void MapOperatorEndpoints(this WebApplication app, OperatorOptions options)
    {
        app.MapWhen(
            context => context.Connection.LocalPort == options.MetricsPort,
            metrics => metrics.Run(context => ServeMetricsAsync(context)));
        app.MapWhen(
            context => context.Connection.LocalPort == options.HealthPort,
            health => health.Run(context => ServeHealthAsync(context)));
    }

    private static async Task ServeMetricsAsync(HttpContext context)
    {
        if (!HttpMethods.IsGet(context.Request.Method) || context.Request.Path != "/metrics")
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
        var exporter = context.RequestServices.GetRequiredService<PrometheusExporter>();
        await exporter.WriteAsync(context.Response.Body, context.RequestAborted);
    }

    private static Task ServeHealthAsync(HttpContext context)
    {
        if (!HttpMethods.IsGet(context.Request.Method))
        {
            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            return Task.CompletedTask;
        }

        var host = context.RequestServices.GetRequiredService<ControllerHost>();
        context.Response.ContentType = "text/plain; charset=utf-8";
        switch (context.Request.Path.Value)
        {
            case "/healthz":
                if (!host.Healthy)
                {
                    context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                    return context.Response.WriteAsync("controller host failed\n", context.RequestAborted);
                }

                return context.Response.WriteAsync("ok\n", context.RequestAborted);
            case "/readyz":
                var ready = host.CachesSynced;
                context.Response.StatusCode = ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
                return context.Response.WriteAsync(DescribeReadiness(host), context.RequestAborted);
            default:
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
        }
    }

    private static string DescribeReadiness(ControllerHost host)
    {
        var text = new StringBuilder();
        foreach (var informer in host.Informers)
        {
            text.Append(informer.HasSynced ? "[+]" : "[-]").Append("informer ").Append(informer.Description)
                .Append(informer.HasSynced ? " synced" : " not synced").Append('\n');
        }

        var leadership = host.Leadership;
        text.Append("[+]leader election ").Append(
            !leadership.Enabled ? "disabled"
            : leadership.IsLeader ? "leading"
            : $"following (leader: {leadership.Leader ?? "unknown"})").Append('\n');
        text.Append(host.CachesSynced ? "ready\n" : "not ready\n");
        return text.ToString();
    }
}
