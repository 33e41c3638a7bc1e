using System.ComponentModel.DataAnnotations;

namespace CrossAccountStreams.Operator.Aws;

/// <summary>Settings for reaching AWS (section <c>Aws</c>).</summary>
public sealed class AwsOptions
{
    public const string Section = "Aws";

    /// <summary>Names this cluster in session tags and role session names, so each account's CloudTrail shows who acted.</summary>
    [Required]
    [MinLength(1)]
    public string ClusterName { get; set; } = "default";

    /// <summary>
    /// One endpoint for every service (e.g. LocalAws). When unset, the SDK's own <c>AWS_ENDPOINT_URL</c> and
    /// <c>AWS_ENDPOINT_URL_&lt;SERVICE&gt;</c> handling applies, and the Lambda client reads the same variables.
    /// </summary>
    public Uri? EndpointUrl { get; set; }

    /// <summary>How long assumed-role sessions last (STS allows 900 s up to the role's maximum).</summary>
    [Range(typeof(TimeSpan), "00:15:00", "12:00:00")]
    public TimeSpan SessionDuration { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Credentials are renewed this long before they expire, so no call is made with credentials about to lapse.</summary>
    [Range(typeof(TimeSpan), "00:00:30", "00:30:00")]
    public TimeSpan RefreshBeforeExpiry { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Attempts per Lambda call, the first included (AWS's standard retry mode uses 3).</summary>
    [Range(1, 10)]
    public int MaxAttempts { get; set; } = 3;

    /// <summary>Upper bound of one back-off between Lambda retries (AWS's standard mode caps at 20 s).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// How long a function's configuration (its ARN and execution role) is reused by the subscriptions of one namespace
    /// before it is read again; zero reads it on every pass. Short next to the resync period, so a changed execution
    /// role is picked up about as soon as without it.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan FunctionConfigurationCacheDuration { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Base of the exponential back-off between Lambda retries.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:00:10")]
    public TimeSpan BaseBackoff { get; set; } = TimeSpan.FromMilliseconds(500);
}
