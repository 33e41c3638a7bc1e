namespace CrossAccountStreams.Operator.Runtime.Informers;

/// <summary>What the controller host needs of an informer, whatever kind it watches.</summary>
public interface IInformer
{
    string Description { get; }

    bool HasSynced { get; }

    Task RunAsync(CancellationToken cancellationToken);

    Task WaitForSyncAsync(CancellationToken cancellationToken);
}
