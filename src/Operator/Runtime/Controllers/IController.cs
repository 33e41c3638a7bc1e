using CrossAccountStreams.Operator.Runtime.Queue;

namespace CrossAccountStreams.Operator.Runtime.Controllers;

/// <summary>What the controller host needs of a controller, whatever kind it reconciles.</summary>
public interface IController
{
    WorkQueue Queue { get; }

    Task RunAsync(int workers, CancellationToken cancellationToken);
}
