using Microsoft.Extensions.Options;

namespace CrossAccountStreams.Operator.Hosting;

/// <summary>Checks every setting at start-up; each failure names the setting, what is wrong and the value given.</summary>
public sealed class OperatorOptionsValidator : IValidateOptions<OperatorOptions>
{
    public static readonly string[] LogFormats = ["json", "text", "auto"];

    public ValidateOptionsResult Validate(string? name, OperatorOptions options)
    {
        var errors = new List<string>();
        if (options.Concurrency is < 1 or > 64)
        {
            errors.Add($"Operator:Concurrency must be between 1 and 64 (got {options.Concurrency}).");
        }

        CheckDuration(errors, "Operator:Resync", options.Resync, TimeSpan.FromSeconds(1));
        CheckDuration(errors, "Operator:ShutdownTimeout", options.ShutdownTimeout, TimeSpan.Zero);
        CheckPort(errors, "Operator:MetricsPort", options.MetricsPort);
        CheckPort(errors, "Operator:HealthPort", options.HealthPort);
        if (options.MetricsPort == options.HealthPort)
        {
            errors.Add($"Operator:MetricsPort and Operator:HealthPort must differ (both {options.MetricsPort}).");
        }

        if (LogLevels.TryParse(options.LogLevel) is null)
        {
            errors.Add($"Operator:LogLevel must be one of {string.Join(", ", LogLevels.Names)} (got '{options.LogLevel}').");
        }

        if (!LogFormats.Contains(options.LogFormat, StringComparer.OrdinalIgnoreCase))
        {
            errors.Add($"Operator:LogFormat must be json, text or auto (got '{options.LogFormat}').");
        }

        if (string.IsNullOrWhiteSpace(options.ClusterName))
        {
            errors.Add("Operator:ClusterName must not be empty.");
        }

        if (!string.IsNullOrEmpty(options.Kubeconfig) && !File.Exists(options.Kubeconfig))
        {
            errors.Add($"Operator:Kubeconfig names a file that does not exist: {options.Kubeconfig}.");
        }

        ValidateLeaderElection(errors, options.LeaderElection);
        ValidateWorkQueue(errors, options.WorkQueue);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void ValidateLeaderElection(List<string> errors, LeaderElectionOptions election)
    {
        if (string.IsNullOrWhiteSpace(election.LeaseName))
        {
            errors.Add("Operator:LeaderElection:LeaseName must not be empty.");
        }

        var lease = CheckDuration(errors, "Operator:LeaderElection:LeaseDuration", election.LeaseDuration, TimeSpan.FromSeconds(1));
        var renew = CheckDuration(errors, "Operator:LeaderElection:RenewDeadline", election.RenewDeadline, TimeSpan.FromMilliseconds(100));
        var retry = CheckDuration(errors, "Operator:LeaderElection:RetryPeriod", election.RetryPeriod, TimeSpan.FromMilliseconds(10));

        // The same ordering client-go insists on: renewals must be able to fail a few times before the lease runs out.
        if (lease is { } l && renew is { } r && l <= r)
        {
            errors.Add($"Operator:LeaderElection:LeaseDuration ({election.LeaseDuration}) must be longer than RenewDeadline ({election.RenewDeadline}).");
        }

        if (renew is { } r2 && retry is { } p && r2 <= p * 1.2)
        {
            errors.Add($"Operator:LeaderElection:RenewDeadline ({election.RenewDeadline}) must be longer than 1.2 x RetryPeriod ({election.RetryPeriod}).");
        }

        // The Lease records whole seconds below a minute.
        if (lease is { } l2 && l2 >= TimeSpan.FromMinutes(1))
        {
            errors.Add($"Operator:LeaderElection:LeaseDuration must be under 60s (got {election.LeaseDuration}).");
        }
    }

    private static void ValidateWorkQueue(List<string> errors, WorkQueueOptions queue)
    {
        var baseDelay = CheckDuration(errors, "Operator:WorkQueue:BaseDelay", queue.BaseDelay, TimeSpan.FromTicks(1));
        var maxDelay = CheckDuration(errors, "Operator:WorkQueue:MaxDelay", queue.MaxDelay, TimeSpan.FromTicks(1));
        if (baseDelay is { } b && maxDelay is { } m && m < b)
        {
            errors.Add($"Operator:WorkQueue:MaxDelay ({queue.MaxDelay}) must not be shorter than BaseDelay ({queue.BaseDelay}).");
        }

        if (queue.RatePerSecond <= 0)
        {
            errors.Add($"Operator:WorkQueue:RatePerSecond must be positive (got {queue.RatePerSecond}).");
        }

        if (queue.Burst < 1)
        {
            errors.Add($"Operator:WorkQueue:Burst must be at least 1 (got {queue.Burst}).");
        }
    }

    private static void CheckPort(List<string> errors, string name, int port)
    {
        if (port is < 1 or > 65535)
        {
            errors.Add($"{name} must be between 1 and 65535 (got {port}).");
        }
    }

    private static TimeSpan? CheckDuration(List<string> errors, string name, string? text, TimeSpan minimum)
    {
        if (!DurationFormat.TryParse(text, out var value))
        {
            errors.Add($"{name} must be a duration such as 90s, 10m, 1h or 00:10:00 (got '{text}').");
            return null;
        }

        if (value < minimum)
        {
            errors.Add($"{name} must be at least {minimum} (got {text}).");
            return null;
        }

        return value;
    }
}
