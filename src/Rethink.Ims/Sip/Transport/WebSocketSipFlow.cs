using System.Net;
using System.Net.WebSockets;
using Rethink.Ims.Sip.Messages;

namespace Rethink.Ims.Sip.Transport;

/// <summary>
/// A SIP-over-WebSocket connection (RFC 7118): one SIP message per WebSocket message, text or binary; a
/// message over <see cref="SipTransportOptions.MaxMessageSize"/> closes the connection with 1009 (too big).
/// Messages are sent as text frames (SIP.js and JsSIP handle both).
/// </summary>
internal sealed class WebSocketSipFlow : SipConnectionFlow
{
    private readonly WebSocket _socket;

    public WebSocketSipFlow(SipTransportContext context, SipTransportKind transport, IPEndPoint local, IPEndPoint remote, WebSocket socket)
        : base(context, transport, local, remote) => _socket = socket;

    public override void Close()
    {
        if (IsOpen)
        {
            MarkClosed();
            _socket.Abort();
        }
    }

    public async Task ReadLoopAsync(CancellationToken aborted)
    {
        var max = Context.Options.MaxMessageSize;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(aborted, Closed);
        while (IsOpen)
        {
            var buffer = new PooledBuffer(Math.Min(max + 1, 8192));
            var length = 0;
            var array = buffer.Array;
            try
            {
                while (true)
                {
                    if (length == array.Length)
                    {
                        if (array.Length > max)
                        {
                            Context.Metrics.Dropped(Transport, "too-large");
                            await _socket.CloseAsync(WebSocketCloseStatus.MessageTooBig, "SIP message too large", stop.Token).ConfigureAwait(false);
                            return;
                        }

                        var larger = new PooledBuffer(Math.Min(max + 1, array.Length * 2));
                        array.AsSpan(0, length).CopyTo(larger.Array);
                        buffer.Dispose();
                        buffer = larger;
                        array = buffer.Array;
                    }

                    var received = await _socket.ReceiveAsync(array.AsMemory(length), stop.Token).ConfigureAwait(false);
                    if (received.MessageType == WebSocketMessageType.Close)
                    {
                        if (_socket.State == WebSocketState.CloseReceived)
                        {
                            await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, stop.Token).ConfigureAwait(false);
                        }

                        return;
                    }

                    length += received.Count;
                    Touch();
                    if (received.EndOfMessage)
                    {
                        break;
                    }
                }

                if (length > max)
                {
                    Context.Metrics.Dropped(Transport, "too-large");
                    await _socket.CloseAsync(WebSocketCloseStatus.MessageTooBig, "SIP message too large", stop.Token).ConfigureAwait(false);
                    return;
                }

                var result = SipParser.Parse(array.AsMemory(0, length), buffer, Context.ParserOptions);
                buffer = null!;
                Context.Inbound.Deliver(result, this);
            }
            finally
            {
                buffer?.Dispose();
            }
        }
    }

    protected override ValueTask WriteAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken) =>
        _socket.SendAsync(message, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
}
