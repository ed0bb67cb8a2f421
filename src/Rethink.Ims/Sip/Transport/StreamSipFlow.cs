using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Rethink.Ims.Sip.Messages;

namespace Rethink.Ims.Sip.Transport;

/// <summary>
/// A TCP or TLS connection: reads through a <see cref="PipeReader"/>, frames with <see cref="SipStreamFramer"/>
/// (Content-Length, several messages per read, messages across reads), answers a CRLFCRLF ping with a CRLF pong
/// (RFC 5626 §3.5.1) and closes when framing is lost.
/// </summary>
internal sealed class StreamSipFlow : SipConnectionFlow
{
    private static readonly ReadOnlyMemory<byte> Pong = "\r\n"u8.ToArray();
    private readonly Stream _stream;
    private readonly Socket _socket;

    public StreamSipFlow(SipTransportContext context, SipTransportKind transport, IPEndPoint local, IPEndPoint remote, Stream stream, Socket socket)
        : base(context, transport, local, remote)
    {
        _stream = stream;
        _socket = socket;
    }

    public override void Close()
    {
        if (IsOpen)
        {
            MarkClosed();
            try
            {
                _socket.Shutdown(SocketShutdown.Both);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                // Already gone.
            }

            _socket.Dispose();
        }
    }

    public async Task ReadLoopAsync(CancellationToken stopping)
    {
        var reader = PipeReader.Create(_stream, new StreamPipeReaderOptions(bufferSize: 8192, minimumReadSize: 2048, leaveOpen: true));
        var framer = new SipStreamFramer(Context.ParserOptions);
        try
        {
            while (IsOpen)
            {
                var read = await reader.ReadAsync(stopping).ConfigureAwait(false);
                var buffer = read.Buffer;
                if (!buffer.IsEmpty)
                {
                    Touch();
                }

                var close = false;
                while (!close && framer.TryReadFrame(ref buffer, out var frame))
                {
                    switch (frame.Kind)
                    {
                        case SipFrameKind.Ping:
                            _ = SendAsync(Pong, CancellationToken.None).AsTask();
                            break;
                        case SipFrameKind.Pong:
                            break;
                        default:
                            close = frame.Result.Failure?.CloseConnection == true;
                            Context.Inbound.Deliver(frame.Result, this);
                            break;
                    }
                }

                reader.AdvanceTo(buffer.Start, buffer.End);
                if (close)
                {
                    await WaitForCloseAsync().ConfigureAwait(false);
                    return;
                }

                if (read.IsCompleted)
                {
                    return;
                }
            }
        }
        finally
        {
            await reader.CompleteAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Framing is lost: the inbound queue answers (when it can) and then closes; wait for that, bounded.</summary>
    private async Task WaitForCloseAsync()
    {
        try
        {
            await Task.Delay(Context.Options.HandshakeTimeout, Context.TimeProvider, Closed).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Closed.
        }
    }

    protected override async ValueTask WriteAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        await _stream.WriteAsync(message, cancellationToken).ConfigureAwait(false);
        await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
