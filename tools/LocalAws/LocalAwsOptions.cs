using LocalAws.Limits;

namespace LocalAws;

/// <summary>Settings of a <see cref="LocalAwsServer"/>.</summary>
public sealed class LocalAwsOptions
{
    /// <summary>TCP port on 127.0.0.1; 0 picks a free one.</summary>
    public int Port { get; set; }

    /// <summary>The world to create; null means <see cref="DefaultWorld.Create"/>.</summary>
    public WorldSeed? Seed { get; set; }

    /// <summary>The clock for timestamps, token expiry, mapping transitions and rate-limit refill.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>How long Creating/Updating/Enabling/Disabling/Deleting last, on <see cref="TimeProvider"/>.</summary>
    public TimeSpan MappingTransitionDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often (real time) the data plane polls streams for enabled mappings.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Whether per-account token buckets throttle requests.</summary>
    public bool RateLimitsEnabled { get; set; } = true;

    /// <summary>Requests per second per API family.</summary>
    public RateLimitOptions RateLimits { get; set; } = new();

    /// <summary>Seed of the random source (ids, secrets, fault probabilities), for reproducible runs.</summary>
    public int RandomSeed { get; set; } = 20120810;
}
