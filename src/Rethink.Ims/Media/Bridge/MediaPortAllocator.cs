using System.Net;
using System.Net.Sockets;

namespace Rethink.Ims.Media.Bridge;

/// <summary>
/// Hands out UDP sockets bound to ports of a configured range, round robin so a port just released is not reused at
/// once (late packets of the old call would land in the new one). A port taken by another process is skipped.
/// Thread-safe.
/// </summary>
public sealed class MediaPortAllocator
{
    private readonly Lock _gate = new();
    private readonly bool[] _used;
    private readonly IPAddress _address;
    private readonly int _min;
    private int _next;
    private int _inUse;

    /// <summary>Creates an allocator for ports <paramref name="min"/> to <paramref name="max"/> on <paramref name="address"/>.</summary>
    public MediaPortAllocator(IPAddress address, int min, int max)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentOutOfRangeException.ThrowIfLessThan(min, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(max, 65535);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, min + 1);
        _address = address;
        _min = min;
        _used = new bool[max - min + 1];
    }

    /// <summary>Ports currently handed out.</summary>
    public int InUse
    {
        get
        {
            lock (_gate)
            {
                return _inUse;
            }
        }
    }

    /// <summary>Ports in the range.</summary>
    public int Capacity => _used.Length;

    /// <summary>Binds one socket (a WebRTC leg's single port); false when the range is exhausted.</summary>
    public bool TryAllocate(out Socket socket)
    {
        lock (_gate)
        {
            for (var tried = 0; tried < _used.Length; tried++)
            {
                var index = _next;
                _next = (_next + 1) % _used.Length;
                if (!_used[index] && TryBind(index, out socket))
                {
                    return true;
                }
            }
        }

        socket = null!;
        return false;
    }

    /// <summary>Binds an even RTP port and the odd RTCP port above it (RFC 3550 §11); false when none is left.</summary>
    public bool TryAllocatePair(out Socket rtp, out Socket rtcp)
    {
        lock (_gate)
        {
            for (var tried = 0; tried < _used.Length; tried++)
            {
                var index = _next;
                _next = (_next + 1) % _used.Length;
                if ((_min + index) % 2 != 0 || index + 1 >= _used.Length || _used[index] || _used[index + 1])
                {
                    continue;
                }

                if (!TryBind(index, out rtp))
                {
                    continue;
                }

                if (TryBind(index + 1, out rtcp))
                {
                    _next = (index + 2) % _used.Length;
                    return true;
                }

                ReleaseLocked(rtp);
            }
        }

        rtp = null!;
        rtcp = null!;
        return false;
    }

    /// <summary>Closes <paramref name="socket"/> and returns its port to the range. Safe to call twice.</summary>
    public void Release(Socket? socket)
    {
        if (socket is null)
        {
            return;
        }

        lock (_gate)
        {
            ReleaseLocked(socket);
        }
    }

    private void ReleaseLocked(Socket socket)
    {
        int? port = null;
        try
        {
            port = (socket.LocalEndPoint as IPEndPoint)?.Port;
        }
        catch (ObjectDisposedException)
        {
        }

        socket.Dispose();
        if (port is { } p && p - _min is var index && index >= 0 && index < _used.Length && _used[index])
        {
            _used[index] = false;
            _inUse--;
        }
    }

    private bool TryBind(int index, out Socket socket)
    {
        socket = new Socket(_address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.Bind(new IPEndPoint(_address, _min + index));
            socket.ReceiveBufferSize = 256 * 1024;
            socket.SendBufferSize = 256 * 1024;
            _used[index] = true;
            _inUse++;
            return true;
        }
        catch (SocketException)
        {
            socket.Dispose();
            socket = null!;
            return false;
        }
    }
}
