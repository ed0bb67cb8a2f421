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

    /// <summary>A TCP port on 127.0.0.1 free at the moment of the call (same race as <see cref="Udp"/>).</summary>
    public static int Tcp()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    /// <summary>A port on 127.0.0.1 free for both UDP and TCP at the moment of the call (a SIP server binds both).</summary>
    public static int UdpAndTcp()
    {
        for (var attempt = 0; ; attempt++)
        {
            using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            udp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            var port = ((IPEndPoint)udp.LocalEndPoint!).Port;
            using var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                tcp.Bind(new IPEndPoint(IPAddress.Loopback, port));
                return port;
            }
            catch (SocketException) when (attempt < 20)
            {
                // Taken for TCP: try another.
            }
        }
    }
}
