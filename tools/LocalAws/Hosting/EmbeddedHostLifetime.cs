namespace LocalAws.Hosting;

/// <summary>
/// A host lifetime that leaves process signals alone: the server is started and stopped by its owner (a test, or
/// Program which handles SIGINT/SIGTERM itself), never by the console lifetime.
/// </summary>
internal sealed class EmbeddedHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
