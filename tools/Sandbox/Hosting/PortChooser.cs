using System.Net;
using System.Net.Sockets;

namespace CrossAccountStreams.Sandbox.Hosting;

/// <summary>Prefers well-known ports so the printed commands stay the same from run to run, and falls back to free ones.</summary>
public static class PortChooser
{
    /// <summary>The preferred port when it is free on 127.0.0.1, else 0 (the server then picks a free one).</summary>
    public static int PreferredOrAny(int preferred) => preferred > 0 && IsFree(preferred) ? preferred : 0;

    /// <summary>A port that is free right now on 127.0.0.1, for a process that cannot report the port it picked.</summary>
    public static int AnyFree()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
