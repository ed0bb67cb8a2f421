using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;

namespace Rethink.Ims.Media.Bridge;

/// <summary>
/// Called with each datagram a leg's socket receives: the datagram is <c>buffer[..length]</c>, the rest of
/// <paramref name="buffer"/> is free room; buffer and <paramref name="source"/> are valid only during the call.
/// </summary>
internal delegate void MediaDatagramHandler(Span<byte> buffer, int length, SocketAddress source);

/// <summary>
/// Receives on one leg socket until <see cref="StopAsync"/>: through the shared epoll threads of
/// <see cref="MediaSocketPoller"/> where supported (no thread of its own, handler runs inline on a poller thread), else
/// with an async receive loop. Handler exceptions are logged and the socket keeps receiving. After
/// <see cref="StopAsync"/> returns the handler is not running and is never called again, so the caller may close the
/// socket and release what the handler uses.
/// </summary>
internal sealed class MediaSocketReceiver : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly MediaDatagramHandler _handler;
    private readonly ILogger _logger;
    private readonly IPEndPoint _local;
    private readonly SafeHandle _handle;
    private readonly CancellationTokenSource? _stop;
    private readonly Task? _loop;
    private readonly MediaSocketPoller? _poller;
    private int _stopping;
    private int _busy;

    private MediaSocketReceiver(Socket socket, MediaDatagramHandler handler, ILogger logger, IPEndPoint local)
    {
        _socket = socket;
        _handler = handler;
        _logger = logger;
        _local = local;
        _handle = socket.SafeHandle;
        Fd = (int)_handle.DangerousGetHandle();
        if (MediaSocketPoller.TryRegister(this, out var poller, out var id))
        {
            _poller = poller;
            Id = id;
            return;
        }

        _stop = new CancellationTokenSource();
        _loop = Task.Run(ReceiveLoopAsync);
    }

    /// <summary>Whether datagrams are still being received: registered with its poller, or its loop still running.</summary>
    internal bool IsReceiving => !IsStopping && (_poller is { } poller ? poller.IsRegistered(Id) : !_loop!.IsCompleted);

    /// <summary>Whether this receiver is served by an epoll thread (rather than its own async loop).</summary>
    internal bool UsesPoller => _poller is not null;

    internal int Fd { get; }

    internal AddressFamily AddressFamily => _socket.AddressFamily;

    internal long Id { get; }

    internal bool IsStopping => Volatile.Read(ref _stopping) != 0;

    /// <summary>The socket is being disposed (its Dispose waits for the drain that references it).</summary>
    internal bool IsClosing => _handle.IsClosed;

    /// <summary>Starts receiving on <paramref name="socket"/>.</summary>
    public static MediaSocketReceiver Start(Socket socket, MediaDatagramHandler handler, ILogger logger, IPEndPoint local) =>
        new(socket, handler, logger, local);

    /// <summary>Stops receiving; when it returns the handler has finished and will not run again (unless called from inside it).</summary>
    public async ValueTask StopAsync()
    {
        if (Interlocked.Exchange(ref _stopping, 1) != 0)
        {
            return;
        }

        if (_poller is { } poller)
        {
            poller.Unregister(Id, this);
            // A handler on the poller thread may be running now: wait it out, unless that handler is the caller.
            if (!poller.IsPollerThread)
            {
                var spin = new SpinWait();
                while (Volatile.Read(ref _busy) != 0)
                {
                    spin.SpinOnce();
                }
            }

            return;
        }

        await _stop!.CancelAsync().ConfigureAwait(false);
        await _loop!.ConfigureAwait(false);
        _stop.Dispose();
    }

    /// <summary>Same as <see cref="StopAsync"/>.</summary>
    public ValueTask DisposeAsync() => StopAsync();

    /// <summary>Marks the handler running; false when stopping (the poller then skips the socket).</summary>
    internal bool Enter()
    {
        Interlocked.Exchange(ref _busy, 1);
        if (Volatile.Read(ref _stopping) != 0)
        {
            Volatile.Write(ref _busy, 0);
            return false;
        }

        return true;
    }

    internal void Exit() => Volatile.Write(ref _busy, 0);

    internal void Deliver(Span<byte> buffer, int length, SocketAddress source)
    {
        try
        {
            _handler(buffer, length, source);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            MediaBridgeLog.ReceiveFailed(_logger, _local, e);
        }
    }

    /// <summary>Keeps the descriptor open for one drain; false once the socket is closed (its number may be reused).</summary>
    internal bool TryReference()
    {
        var referenced = false;
        try
        {
            _handle.DangerousAddRef(ref referenced);
        }
        catch (ObjectDisposedException)
        {
        }

        return referenced;
    }

    internal void Unreference() => _handle.DangerousRelease();

    private async Task ReceiveLoopAsync()
    {
        var token = _stop!.Token;
        var buffer = new byte[MediaSocketPoller.BufferSize];
        var address = new SocketAddress(_socket.AddressFamily, SocketAddress.GetMaximumAddressSize(_socket.AddressFamily));
        var memory = buffer.AsMemory(0, MediaSocketPoller.MaxDatagram);
        while (!token.IsCancellationRequested)
        {
            int received;
            try
            {
                received = await _socket.ReceiveFromAsync(memory, SocketFlags.None, address, token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            catch (ObjectDisposedException)
            {
                break;
            }
            catch (SocketException)
            {
                // ICMP errors of earlier sends surface here on some platforms; the socket is still usable.
                continue;
            }

            Deliver(buffer, received, address);
        }
    }
}
