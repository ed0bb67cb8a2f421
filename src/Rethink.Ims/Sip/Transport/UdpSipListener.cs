using System.Net;
using System.Net.Sockets;
using Rethink.Ims.Sip.Messages;

namespace Rethink.Ims.Sip.Transport;

/// <summary>
/// A UDP socket served by <see cref="SipTransportOptions.InboundWorkers"/> dedicated threads, each blocking in
/// <c>recvfrom</c> and handling what it receives on the spot, as a Kamailio UDP worker does: a request that the
/// pipeline answers without waiting costs no thread hop at all (<see cref="SipInboundQueue.DeliverInline"/>). Each
/// datagram is copied into a pooled buffer of its own size, which the parsed message owns; one message per datagram
/// (RFC 3261 §18.3). Sends are synchronous <c>sendto</c> calls, which do not block on UDP short of a full socket buffer.
/// </summary>
/// <remarks>
/// The socket is only ever used synchronously: on Unix one asynchronous call would switch it to non-blocking mode for
/// good and turn every blocking call into an emulated one.
/// </remarks>
internal sealed class UdpSipListener : ISipListener
{
    // How often a receive thread wakes up to see whether the transport is stopping.
    private const int StopPollMilliseconds = 500;

    private readonly SipTransportContext _context;
    private readonly Socket _socket;
    private readonly List<Thread> _threads = [];

    public UdpSipListener(SipTransportContext context, SipListenerEndpoint endpoint)
    {
        _context = context;
        _socket = new Socket(endpoint.EndPoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            if (context.Options.UdpSocketBufferSize > 0)
            {
                try
                {
                    // Linux caps the size at net.core.rmem_max/wmem_max; other systems may refuse it instead.
                    _socket.ReceiveBufferSize = context.Options.UdpSocketBufferSize;
                    _socket.SendBufferSize = context.Options.UdpSocketBufferSize;
                }
                catch (SocketException)
                {
                    // Keep the system's default buffers.
                }
            }

            _socket.ReceiveTimeout = StopPollMilliseconds;
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

    public void Start(CancellationToken stopping)
    {
        for (var i = 0; i < Math.Max(1, _context.Options.InboundWorkers); i++)
        {
            var thread = new Thread(() => ReceiveLoop(stopping))
            {
                IsBackground = true,
                Name = $"SIP UDP {LocalEndPoint} #{i}",
            };
            _threads.Add(thread);
            thread.Start();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _socket.Dispose();
        foreach (var thread in _threads)
        {
            // A thread notices within one receive timeout; do not hold a thread-pool thread while it does.
            await Task.Run(thread.Join).ConfigureAwait(false);
        }
    }

    internal ValueTask<SipSendResult> SendToAsync(ReadOnlyMemory<byte> message, IPEndPoint remote, CancellationToken cancellationToken)
    {
        if (message.Length > _context.Options.MaxMessageSize)
        {
            return ValueTask.FromResult(SipSendResult.TooLarge);
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<SipSendResult>(cancellationToken);
        }

        try
        {
            _socket.SendTo(message.Span, SocketFlags.None, remote);
            _context.Metrics.Sent(SipTransportKind.Udp);
            return ValueTask.FromResult(SipSendResult.Sent);
        }
        catch (ObjectDisposedException)
        {
            return ValueTask.FromResult(SipSendResult.Closed);
        }
        catch (SocketException)
        {
            return ValueTask.FromResult(SipSendResult.Failed);
        }
    }

    private void ReceiveLoop(CancellationToken stopping)
    {
        var max = _context.Options.MaxMessageSize;

        // One byte more than the limit tells an oversized datagram from one exactly at it. A message keeps only a
        // copy of its own size: renting the maximum per datagram would pin 64 KiB per message in flight.
        var receive = GC.AllocateUninitializedArray<byte>(max + 1);
        var address = new SocketAddress(LocalEndPoint.AddressFamily);

        // The flows of the last few sources: a client sends many datagrams, and a flow (its id, its endpoints, its token
        // source) is worth reusing; a proxy's thread takes turns between the caller and the callee, so one is not enough.
        var recent = new RecentFlows(this);
        while (!stopping.IsCancellationRequested)
        {
            int length;
            try
            {
                length = _socket.ReceiveFrom(receive, SocketFlags.None, address);
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.TimedOut or SocketError.WouldBlock or SocketError.Interrupted)
            {
                continue;
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionReset or SocketError.MessageSize)
            {
                _context.Metrics.Dropped(SipTransportKind.Udp, "socket-error");
                continue;
            }
            catch (SocketException e)
            {
                if (!stopping.IsCancellationRequested)
                {
                    SipTransportLog.ReceiveFailed(_context.Logger, "udp", LocalEndPoint, e);
                }

                return;
            }

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

            var flow = recent.For(address);
            _context.Inbound.DeliverInline(Parse(receive.AsSpan(0, length)), flow);
        }
    }

    /// <summary>A receive thread's flows of its last <see cref="Size"/> sources, the oldest replaced first.</summary>
    private sealed class RecentFlows(UdpSipListener listener)
    {
        internal const int Size = 8;
        private readonly SocketAddress[] _addresses = new SocketAddress[Size];
        private readonly UdpSipFlow[] _flows = new UdpSipFlow[Size];
        private int _count;
        private int _next;

        public UdpSipFlow For(SocketAddress address)
        {
            for (var i = 0; i < _count; i++)
            {
                if (address.Equals(_addresses[i]))
                {
                    return _flows[i];
                }
            }

            var copy = new SocketAddress(address.Family, address.Size);
            address.Buffer.Span.CopyTo(copy.Buffer.Span);
            var flow = new UdpSipFlow(listener, listener.LocalEndPoint, (IPEndPoint)listener.LocalEndPoint.Create(address));
            _addresses[_next] = copy;
            _flows[_next] = flow;
            _next = (_next + 1) % Size;
            _count = Math.Min(_count + 1, Size);
            return flow;
        }
    }

    /// <summary>
    /// Parses a datagram from a copy of its own. A request's copy is pooled: it is answered or copied before the transport
    /// disposes it. A response's is a plain array: the client transaction keeps the response itself after the transport is
    /// done with it (<see cref="SipMessageCopy.KeepPastDisposal"/>) instead of copying it once more.
    /// </summary>
    private SipParseResult Parse(ReadOnlySpan<byte> datagram)
    {
        if (datagram.StartsWith("SIP/2.0 "u8))
        {
            var bytes = datagram.ToArray();
            return SipParser.Parse(bytes, OwnedBytes.Instance, _context.ParserOptions);
        }

        var buffer = new PooledBuffer(datagram.Length);
        datagram.CopyTo(buffer.Array);
        return SipParser.Parse(buffer.Array.AsMemory(0, datagram.Length), buffer, _context.ParserOptions);
    }

    private static bool IsKeepAlive(ReadOnlySpan<byte> datagram) => datagram.IndexOfAnyExcept("\r\n"u8) < 0;
}
