using System.Net;
using System.Net.Sockets;

namespace Rethink.Ims.IntegrationTests.Infrastructure;

/// <summary>Finds ports on 127.0.0.1 that nothing is bound to right now.</summary>
public static class FreePort
{
    /// <summary>
    /// A UDP port on 127.0.0.1 free at the moment of the call. Another process may take it before the
    /// caller binds it, so callers that start a server should retry with a new port if the bind fails.
    /// </summary>
    public static int Udp()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
