using System.Net;
using LocalAws.Admin;
using LocalAws.Auth;
using LocalAws.DataPlane;
using LocalAws.Hosting;
using LocalAws.Limits;
using LocalAws.Services.DynamoDb;
using LocalAws.Services.Lambda;
using LocalAws.Services.Streams;
using LocalAws.Services.Sts;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace LocalAws;

/// <summary>
/// The emulator: STS, DynamoDB, DynamoDB Streams and Lambda on one HTTP endpoint on 127.0.0.1, plus the Lambda
/// poller that delivers stream records to functions.
/// </summary>
public sealed class LocalAwsServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly CancellationTokenSource stopping = new();
    private readonly Task poller;

    private LocalAwsServer(WebApplication app, AwsWorld world, FaultInjector faults, RateLimiter limiter, StreamPoller streamPoller, TimeSpan pollInterval, Uri endpoint)
    {
        this.app = app;
        World = world;
        Faults = faults;
        RateLimiter = limiter;
        Poller = streamPoller;
        Endpoint = endpoint;
        poller = RunPollerAsync(pollInterval, stopping.Token);
    }

    /// <summary>http://127.0.0.1:PORT/ — the endpoint of every service.</summary>
    public Uri Endpoint { get; }

    /// <summary>The emulated state: seed it and inspect it.</summary>
    public AwsWorld World { get; }

    /// <summary>Injectable faults per operation.</summary>
    public FaultInjector Faults { get; }

    /// <summary>The token buckets; switch them off or on with <see cref="RateLimiter.Enabled"/>.</summary>
    public RateLimiter RateLimiter { get; }

    /// <summary>The data-plane poller; <see cref="StreamPoller.PollOnce"/> runs a round on demand.</summary>
    public StreamPoller Poller { get; }

    public static async Task<LocalAwsServer> StartAsync(LocalAwsOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var seed = options.Seed ?? DefaultWorld.Create();
        var time = options.TimeProvider;
        var world = new AwsWorld(seed.Region, time, options.RandomSeed);
        world.Apply(seed);
        var faults = new FaultInjector(options.RandomSeed);
        var limiter = new RateLimiter(options.RateLimits, time) { Enabled = options.RateLimitsEnabled };
        var policies = new ResourcePolicyService(world, faults);
        var handlers = new IServiceHandler[]
        {
            new StsService(world),
            new DynamoDbService(world, policies),
            new DynamoDbStreamsService(world),
            new LambdaService(world, new EventSourceMappingService(world, options.MappingTransitionDelay)),
        }.ToDictionary(h => h.Service);
        var verifier = new SignatureVerifier(world.FindKey, world.Region, time);
        var pipeline = new RequestPipeline(world, verifier, handlers, limiter, faults);
        var admin = new AdminApi(world);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IHostLifetime, EmbeddedHostLifetime>();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, options.Port));
        var app = builder.Build();
        app.Run(context => context.Request.Path.StartsWithSegments(AdminApi.Prefix, StringComparison.Ordinal)
            ? admin.HandleAsync(context, context.RequestAborted)
            : pipeline.HandleAsync(context, context.RequestAborted));
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var port = new Uri(address).Port;
        return new LocalAwsServer(app, world, faults, limiter, new StreamPoller(world), options.PollInterval, new Uri($"http://127.0.0.1:{port}/"));
    }

    private async Task RunPollerAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        // Real time paces the loop; decisions inside use the world's TimeProvider.
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                Poller.PollOnce();
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        await poller;
        await app.StopAsync();
        await app.DisposeAsync();
        stopping.Dispose();
    }
}
