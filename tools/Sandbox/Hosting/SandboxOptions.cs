namespace CrossAccountStreams.Sandbox.Hosting;

/// <summary>What one run of the sandbox does, from the command line.</summary>
public sealed record SandboxOptions
{
    /// <summary>Run the scenario once with time limits, print a summary and exit (non-zero when something did not converge).</summary>
    public bool Once { get; init; }

    /// <summary>Folder for the kubeconfig and the operator's log; null means <c>.sandbox</c> in the repository.</summary>
    public string? StateDirectory { get; init; }

    /// <summary>Port of the Kubernetes API emulator; 0 picks a free one. When the preferred port is taken, a free one is used.</summary>
    public int KubePort { get; init; } = 6443;

    /// <summary>Port of the AWS emulator; 0 picks a free one. When the preferred port is taken, a free one is used.</summary>
    public int AwsPort { get; init; } = 4566;

    /// <summary>How long the subscriptions get to become Ready.</summary>
    public TimeSpan ReadyTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>How long the written items get to reach their functions (batching windows included).</summary>
    public TimeSpan DeliveryTimeout { get; init; } = TimeSpan.FromSeconds(90);
}
