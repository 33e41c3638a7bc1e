namespace CrossAccountStreams.Sandbox.Hosting;

/// <summary>The sandbox cannot start: a missing file, a broken sample, a component that did not come up.</summary>
public sealed class SandboxSetupException : Exception
{
    public SandboxSetupException()
    {
    }

    public SandboxSetupException(string message)
        : base(message)
    {
    }

    public SandboxSetupException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
