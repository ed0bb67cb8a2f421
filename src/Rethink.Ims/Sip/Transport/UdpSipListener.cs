using System.Net;
using System.Net.Sockets;
using Rethink.Ims.Sip.Messages;

namespace Rethink.Ims.Sip.Transport;

/// <summary>
/// A UDP socket with one receive loop: each datagram is received into the loop's own buffer (large enough for the
/// biggest message) and copied into a pooled buffer of its own size, which the parsed message owns; one message per
/// datagram (RFC 3261 §18.3).
/// </summary>
internal sealed class UdpSipListener : ISipListener
{
    private readonly SipTransportContext _context;
    private readonly Socket _socket;
    private Task _loop = Task.CompletedTask;

    public UdpSipListener(SipTransportContext context, SipListenerEndpoint endpoint)
    {
        _context = context;
        _socket = new Socket(endpoint.EndPoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            if (context.Options.UdpSocketBufferSize > 0)
            {
                _socket.ReceiveBufferSize = context.Options.UdpSocketBufferSize;
                _socket.SendBufferSize = context.Options.UdpSocketBufferSize;
            }

            _socket.Bind(endpoint.EndPoint);
        }
        catch
        {
            _socket.Dispose();
            throw;
        }

        LocalEndPoint = (IPEndPoint)_socket.LocalEndPoint!;
        Endpoint = new SipListenerEndpoint(SipTransportKind.Udp, LocalEndPoint);
    }

    public SipListenerEndpoint Endpoint { get; }

    public IPEndPoint LocalEndPoint { get; }

    public void Start(CancellationToken stopping) => _loop = Task.Run(() => ReceiveLoopAsync(stopping), CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        _socket.Dispose();
        await _loop.ConfigureAwait(false);
    }

    internal async ValueTask<SipSendResult> SendToAsync(ReadOnlyMemory<byte> message, IPEndPoint remote, CancellationToken cancellationToken)
    {
        if (message.Length > _context.Options.MaxMessageSize)
        {
            return SipSendResult.TooLarge;
        }

        try
        {
            await _socket.SendToAsync(message, SocketFlags.None, remote, cancellationToken).ConfigureAwait(false);
            _context.Metrics.Sent(SipTransportKind.Udp);
            return SipSendResult.Sent;
        }
        catch (ObjectDisposedException)
        {
            return SipSendResult.Closed;
        }
        catch (SocketException)
        {
            return SipSendResult.Failed;
        }
    }

    private async Task ReceiveLoopAsync(CancellationToken stopping)
    {
        var any = new IPEndPoint(LocalEndPoint.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        var max = _context.Options.MaxMessageSize;

        // One byte more than the limit tells an oversized datagram from one exactly at it. A message keeps only a
        // copy of its own size: renting the maximum per datagram would pin 64 KiB per message in flight.
        var receive = GC.AllocateUninitializedArray<byte>(max + 1, pinned: true);
        while (!stopping.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await _socket.ReceiveFromAsync(receive, SocketFlags.None, any, stopping).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionReset or SocketError.MessageSize)
            {
                _context.Metrics.Dropped(SipTransportKind.Udp, "socket-error");
                continue;
            }
            catch (SocketException e)
            {
                SipTransportLog.ReceiveFailed(_context.Logger, "udp", LocalEndPoint, e);
                return;
            }

            var remote = (IPEndPoint)received.RemoteEndPoint;
            var length = received.ReceivedBytes;
            if (length > max)
            {
                _context.Metrics.Dropped(SipTransportKind.Udp, "too-large");
                continue;
            }

            if (IsKeepAlive(receive.AsSpan(0, length)))
            {
                // CRLF keep-alives over UDP (and empty datagrams) are neither answered nor errors.
                continue;
            }

            var buffer = new PooledBuffer(length);
            receive.AsSpan(0, length).CopyTo(buffer.Array);
            var result = SipParser.Parse(buffer.Array.AsMemory(0, length), buffer, _context.ParserOptions);
            _context.Inbound.Deliver(result, new UdpSipFlow(this, LocalEndPoint, remote));
        }
    }

    private static bool IsKeepAlive(ReadOnlySpan<byte> datagram) => datagram.IndexOfAnyExcept("\r\n"u8) < 0;
}
