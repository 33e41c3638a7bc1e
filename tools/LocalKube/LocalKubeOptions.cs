using Microsoft.Extensions.Logging.Abstractions;

namespace LocalKube;

/// <summary>Settings of a <see cref="LocalKubeServer"/>.</summary>
public sealed class LocalKubeOptions
{
    /// <summary>TCP port on 127.0.0.1; 0 picks a free one.</summary>
    public int Port { get; set; }

    /// <summary>Folder of CustomResourceDefinition YAML files loaded at start (all <c>*.yaml</c>/<c>*.yml</c>).</summary>
    public string? CrdDirectory { get; set; }

    /// <summary>Where the kubeconfig is written; null puts it in a new temporary folder.</summary>
    public string? KubeconfigPath { get; set; }

    /// <summary>Clock for timestamps, watch timeouts and bookmarks.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>How many changes are kept for watches that resume from a resourceVersion; older ones get 410 Gone.</summary>
    public int WatchHistorySize { get; set; } = 10_000;

    /// <summary>How often a watch with <c>allowWatchBookmarks=true</c> gets a BOOKMARK when idle.</summary>
    public TimeSpan BookmarkInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Seed for probabilistic fault injection, so failing runs can be repeated.</summary>
    public int FaultSeed { get; set; } = 1;

    /// <summary>Namespaces that exist at start besides <c>default</c>, <c>kube-system</c> and <c>kube-public</c>.</summary>
    public IList<string> Namespaces { get; } = [];

    public ILoggerFactory LoggerFactory { get; set; } = NullLoggerFactory.Instance;
}
