using System.Globalization;
using System.Net;
using Rethink.Ims.Sip.Messages;

namespace Rethink.Ims.Sip.Transport;

/// <summary>
/// A connection flow: writes are serialised, at most <see cref="SipTransportOptions.MaxPendingSendsPerConnection"/>
/// wait (more are dropped), and the time of the last received bytes is kept for the idle timeout.
/// </summary>
#pragma warning disable CA1001 // The semaphore's wait handle is never created: nothing to release.
internal abstract class SipConnectionFlow : SipFlow
#pragma warning restore CA1001
{
    private static long s_nextId;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly SipTransportContext _context;
    private int _pending;
    private long _lastActivity;

    protected SipConnectionFlow(SipTransportContext context, SipTransportKind transport, IPEndPoint local, IPEndPoint remote)
        : base(NewId(transport), transport, local, remote)
    {
        _context = context;
        Touch();
    }

    protected SipTransportContext Context => _context;

    /// <summary>When bytes last arrived, from <see cref="TimeProvider.GetTimestamp"/>.</summary>
    public long LastActivity => Volatile.Read(ref _lastActivity);

    public void Touch() => Volatile.Write(ref _lastActivity, _context.TimeProvider.GetTimestamp());

    public override async ValueTask<SipSendResult> SendAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken = default)
    {
        if (!IsOpen)
        {
            return SipSendResult.Closed;
        }

        if (message.Length > _context.Options.MaxMessageSize)
        {
            return SipSendResult.TooLarge;
        }

        if (Interlocked.Increment(ref _pending) > _context.Options.MaxPendingSendsPerConnection)
        {
            Interlocked.Decrement(ref _pending);
            _context.Metrics.Dropped(Transport, "send-queue-full");
            return SipSendResult.QueueFull;
        }

        try
        {
            await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (!IsOpen)
                {
                    return SipSendResult.Closed;
                }

                await WriteAsync(message, cancellationToken).ConfigureAwait(false);
                _context.Metrics.Sent(Transport);
                return SipSendResult.Sent;
            }
            finally
            {
                _writeLock.Release();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or System.Net.Sockets.SocketException or System.Net.WebSockets.WebSocketException or OperationCanceledException)
        {
            Close();
            return SipSendResult.Failed;
        }
        finally
        {
            Interlocked.Decrement(ref _pending);
        }
    }

    /// <summary>Writes one message; called one at a time.</summary>
    protected abstract ValueTask WriteAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken);

    private static string NewId(SipTransportKind transport) =>
        SipListenerEndpoint.SchemeOf(transport) + "-" + Interlocked.Increment(ref s_nextId).ToString(CultureInfo.InvariantCulture);
}
