using System.Net;
using System.Net.Sockets;

namespace Lottopar.Testing;

/// <summary>A TCP port on 127.0.0.1 the system has just handed out as free (silos, gateways, HTTP hosts of tests).</summary>
public static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
