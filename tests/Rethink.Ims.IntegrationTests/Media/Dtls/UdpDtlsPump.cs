using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Rethink.Ims.Media.Dtls;
using Rethink.Ims.Media.Sdp;

namespace Rethink.Ims.IntegrationTests.Media.Dtls;

/// <summary>
/// What the media bridge does around a <see cref="DtlsSrtpSession"/>, in small: a UDP socket on 127.0.0.1
/// whose DTLS datagrams (first byte 20 to 63) go into the session, and whose session sends go to the peer.
/// A server learns the peer's address from the first datagram, as an ICE-lite bridge would from the checks.
/// </summary>
internal sealed class UdpDtlsPump : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _receiving;
    private EndPoint? _remote;

    public UdpDtlsPump(DtlsRole role, DtlsCertificate certificate, DtlsFingerprint remoteFingerprint, IPEndPoint? remote = null, DtlsOptions? options = null)
    {
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _remote = remote;
        Session = new DtlsSrtpSession(role, certificate, [remoteFingerprint], Send, options);
        _receiving = Task.Run(ReceiveAsync);
    }

    public DtlsSrtpSession Session { get; }

    public int LocalPort => ((IPEndPoint)_socket.LocalEndPoint!).Port;

    /// <summary>Every datagram received from the peer, in order.</summary>
    public ConcurrentQueue<byte[]> Received { get; } = new();

    public async ValueTask DisposeAsync()
    {
        await Session.DisposeAsync();
        await _stop.CancelAsync();
        _socket.Dispose();
        try
        {
            await _receiving.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // Stopped.
        }

        _stop.Dispose();
    }

    private void Send(ReadOnlySpan<byte> datagram)
    {
        var remote = Volatile.Read(ref _remote);
        if (remote is not null)
        {
            _socket.SendTo(datagram, SocketFlags.None, remote);
        }
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[65_536];
        while (!_stop.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), _stop.Token);
            }
            catch (SocketException) when (!_stop.IsCancellationRequested)
            {
                continue; // an ICMP error for an earlier send; keep listening
            }

            Interlocked.CompareExchange(ref _remote, received.RemoteEndPoint, null);
            var datagram = buffer.AsSpan(0, received.ReceivedBytes);
            Received.Enqueue(datagram.ToArray());
            if (DtlsPacket.IsDtls(datagram))
            {
                Session.TryDeliver(datagram);
            }
        }
    }
}
