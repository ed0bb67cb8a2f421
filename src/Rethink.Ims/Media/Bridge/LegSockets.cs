using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Rethink.Ims.Media.Bridge;

/// <summary>Socket steps both legs take the same way: a send that reports failure instead of throwing, and keeping a
/// received source address (the receive buffer is reused, so the address must be copied to be kept).</summary>
internal static partial class LegSockets
{
    private const int MsgNoSignal = 0x4000;

    /// <summary>Sends one datagram; false when the socket failed or is already closed (the leg counts the drop).</summary>
    public static bool TrySend(Socket socket, ReadOnlySpan<byte> datagram, SocketAddress to)
    {
        if (MediaSocketPoller.IsSupported)
        {
            return TrySendDirect(socket.SafeHandle, datagram, to);
        }

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

    // One sendto on the descriptor, held by a reference as .NET holds it for its own calls (a Dispose meanwhile waits, and
    // the number cannot be reused under us); Socket.SendTo adds an operation queue and its lock to every datagram.
    private static unsafe bool TrySendDirect(SafeHandle handle, ReadOnlySpan<byte> datagram, SocketAddress to)
    {
        var referenced = false;
        try
        {
            handle.DangerousAddRef(ref referenced);
            fixed (byte* data = datagram)
            fixed (byte* address = to.Buffer.Span)
            {
                return SendTo((int)handle.DangerousGetHandle(), data, (nuint)datagram.Length, MsgNoSignal, address, to.Size) == datagram.Length;
            }
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
        finally
        {
            if (referenced)
            {
                handle.DangerousRelease();
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "sendto")]
    private static unsafe partial nint SendTo(int fd, byte* buffer, nuint length, int flags, byte* address, int addressLength);

    /// <summary>A copy of <paramref name="address"/> that later receives into the same buffer do not change.</summary>
    public static SocketAddress Copy(SocketAddress address)
    {
        var copy = new SocketAddress(address.Family, address.Size);
        address.Buffer.Span[..address.Size].CopyTo(copy.Buffer.Span);
        return copy;
    }
}
