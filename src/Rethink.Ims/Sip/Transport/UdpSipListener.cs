using System.Net;
using System.Net.Sockets;
using Rethink.Ims.Sip.Messages;

namespace Rethink.Ims.Sip.Transport;

/// <summary>
/// A UDP socket with one receive loop: each datagram is received into a pooled buffer that the parsed message
/// owns, so a message costs no copy; one message per datagram (RFC 3261 §18.3).
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
        while (!stopping.IsCancellationRequested)
        {
            // One byte more than the limit tells an oversized datagram from one exactly at it.
            var buffer = new PooledBuffer(max + 1);
            SocketReceiveFromResult received;
            try
            {
                received = await _socket.ReceiveFromAsync(buffer.Array.AsMemory(0, max + 1), SocketFlags.None, any, stopping).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                buffer.Dispose();
                return;
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionReset or SocketError.MessageSize)
            {
                buffer.Dispose();
                _context.Metrics.Dropped(SipTransportKind.Udp, "socket-error");
                continue;
            }
            catch (SocketException e)
            {
                buffer.Dispose();
                SipTransportLog.ReceiveFailed(_context.Logger, "udp", LocalEndPoint, e);
                return;
            }

            var remote = (IPEndPoint)received.RemoteEndPoint;
            var length = received.ReceivedBytes;
            if (length > max)
            {
                buffer.Dispose();
                _context.Metrics.Dropped(SipTransportKind.Udp, "too-large");
                continue;
            }

            if (IsKeepAlive(buffer.Array.AsSpan(0, length)))
            {
                // CRLF keep-alives over UDP (and empty datagrams) are neither answered nor errors.
                buffer.Dispose();
                continue;
            }

            var result = SipParser.Parse(buffer.Array.AsMemory(0, length), buffer, _context.ParserOptions);
            _context.Inbound.Deliver(result, new UdpSipFlow(this, LocalEndPoint, remote));
        }
    }

    private static bool IsKeepAlive(ReadOnlySpan<byte> datagram) => datagram.IndexOfAnyExcept("\r\n"u8) < 0;
}
