using System.Net;
using System.Net.Sockets;

namespace Rethink.Ims.Media.Bridge;

/// <summary>Socket steps both legs take the same way: a send that reports failure instead of throwing, and keeping a
/// received source address (the receive buffer is reused, so the address must be copied to be kept).</summary>
internal static class LegSockets
{
    /// <summary>Sends one datagram; false when the socket failed or is already closed (the leg counts the drop).</summary>
    public static bool TrySend(Socket socket, ReadOnlySpan<byte> datagram, SocketAddress to)
    {
        try
        {
            socket.SendTo(datagram, SocketFlags.None, to);
            return true;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            return false;
        }
    }

    /// <summary>A copy of <paramref name="address"/> that later receives into the same buffer do not change.</summary>
    public static SocketAddress Copy(SocketAddress address)
    {
        var copy = new SocketAddress(address.Family, address.Size);
        address.Buffer.Span[..address.Size].CopyTo(copy.Buffer.Span);
        return copy;
    }
}
