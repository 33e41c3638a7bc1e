namespace LocalAws.Tests.Support;

/// <summary>Starts LocalAws with the default world and test-friendly settings.</summary>
public static class Servers
{
    public static Task<LocalAwsServer> StartAsync(Action<LocalAwsOptions>? configure = null)
    {
        var options = new LocalAwsOptions
        {
            MappingTransitionDelay = TimeSpan.FromMilliseconds(50),
            PollInterval = TimeSpan.FromMilliseconds(25),
            RateLimitsEnabled = false,
        };
        configure?.Invoke(options);
        return LocalAwsServer.StartAsync(options);
    }
}
