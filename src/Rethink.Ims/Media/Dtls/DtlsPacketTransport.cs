using System.Buffers;
using System.Diagnostics;
using Org.BouncyCastle.Tls;

namespace Rethink.Ims.Media.Dtls;

/// <summary>
/// The datagram transport BouncyCastle's DTLS runs over, without a socket of its own: the owner of the
/// UDP socket (the media bridge, which tells STUN, DTLS and RTP apart by their first byte, RFC 7983)
/// hands each received DTLS datagram to <see cref="TryDeliver"/>, and every datagram DTLS wants to send
/// goes out through the <see cref="DtlsDatagramSender"/> given at construction.
/// </summary>
/// <remarks>
/// The receive queue is bounded: when it is full, or the datagram is empty or larger than a DTLS record can
/// be, the datagram is dropped and counted (a peer that floods cannot grow memory; DTLS retransmits what
/// matters). The send limit is the MTU, so BouncyCastle fragments handshake messages to fit it.
/// Thread-safe: any thread may deliver while the handshake thread receives.
/// </remarks>
public sealed class DtlsPacketTransport : DatagramTransport
{
    /// <summary>The default MTU: the UDP payload size WebRTC stacks keep DTLS under (Chrome uses about 1200).</summary>
    public const int DefaultMtu = 1200;

    /// <summary>The smallest MTU accepted: room for a record header, a handshake fragment header and cipher expansion.</summary>
    public const int MinimumMtu = 128;

    /// <summary>The largest UDP payload over IPv4.</summary>
    public const int MaximumMtu = 65_507;

    /// <summary>The default receive queue bound.</summary>
    public const int DefaultQueueCapacity = 64;

    /// <summary>The largest datagram accepted: one DTLS record of 2^14 octets plus the most a cipher adds, and its header.</summary>
    public const int MaximumDatagramSize = (1 << 14) + 2048 + 13;

    private readonly DtlsDatagramSender _send;
    private readonly Queue<(byte[] Buffer, int Length)> _queue;
    private readonly object _gate = new();
    private bool _closed;
    private long _dropped;

    /// <summary>Creates a transport that sends through <paramref name="send"/>.</summary>
    /// <param name="send">Sends one datagram to the peer.</param>
    /// <param name="mtu">The largest datagram to send (<see cref="MinimumMtu"/> to <see cref="MaximumMtu"/>).</param>
    /// <param name="queueCapacity">How many received datagrams may wait (1 to 4096).</param>
    public DtlsPacketTransport(DtlsDatagramSender send, int mtu = DefaultMtu, int queueCapacity = DefaultQueueCapacity)
    {
        ArgumentNullException.ThrowIfNull(send);
        ArgumentOutOfRangeException.ThrowIfLessThan(mtu, MinimumMtu);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(mtu, MaximumMtu);
        ArgumentOutOfRangeException.ThrowIfLessThan(queueCapacity, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(queueCapacity, 4096);
        _send = send;
        Mtu = mtu;
        QueueCapacity = queueCapacity;
        _queue = new Queue<(byte[], int)>(Math.Min(queueCapacity, 16));
    }

    /// <summary>The largest datagram sent.</summary>
    public int Mtu { get; }

    /// <summary>How many received datagrams may wait.</summary>
    public int QueueCapacity { get; }

    /// <summary>Datagrams dropped so far: queue full, closed, empty or oversized.</summary>
    public long DroppedCount => Interlocked.Read(ref _dropped);

    /// <summary>Datagrams waiting to be read.</summary>
    public int QueuedCount
    {
        get
        {
            lock (_gate)
            {
                return _queue.Count;
            }
        }
    }

    /// <summary>True once closed, by <see cref="Close"/> or by DTLS itself (after close_notify or a fatal alert).</summary>
    public bool IsClosed
    {
        get
        {
            lock (_gate)
            {
                return _closed;
            }
        }
    }

    /// <summary>
    /// Queues one received datagram (copied). False when it was dropped: the queue is full, the transport is
    /// closed, or the datagram is empty or longer than <see cref="MaximumDatagramSize"/>.
    /// </summary>
    public bool TryDeliver(ReadOnlySpan<byte> datagram)
    {
        if (datagram.IsEmpty || datagram.Length > MaximumDatagramSize)
        {
            Interlocked.Increment(ref _dropped);
            return false;
        }

        lock (_gate)
        {
            if (_closed || _queue.Count >= QueueCapacity)
            {
                Interlocked.Increment(ref _dropped);
                return false;
            }

            var buffer = ArrayPool<byte>.Shared.Rent(datagram.Length);
            datagram.CopyTo(buffer);
            _queue.Enqueue((buffer, datagram.Length));
            Monitor.PulseAll(_gate);
        }

        return true;
    }

    /// <summary>
    /// Closes the transport: queued datagrams are discarded, later ones dropped, nothing more is sent, and a
    /// receive that is waiting wakes up and fails. Safe to call more than once.
    /// </summary>
    public void Close()
    {
        lock (_gate)
        {
            if (_closed)
            {
                return;
            }

            _closed = true;
            while (_queue.TryDequeue(out var item))
            {
                ArrayPool<byte>.Shared.Return(item.Buffer);
            }

            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>Whether a datagram is waiting (for a caller that wants to process it without blocking).</summary>
    internal bool HasPending
    {
        get
        {
            lock (_gate)
            {
                return _queue.Count > 0;
            }
        }
    }

    int DatagramReceiver.GetReceiveLimit() => MaximumDatagramSize;

    int DatagramSender.GetSendLimit() => Mtu;

    int DatagramReceiver.Receive(byte[] buf, int off, int len, int waitMillis) => Receive(buf.AsSpan(off, len), waitMillis);

    int DatagramReceiver.Receive(Span<byte> buffer, int waitMillis) => Receive(buffer, waitMillis);

    void DatagramSender.Send(byte[] buf, int off, int len) => Send(buf.AsSpan(off, len));

    void DatagramSender.Send(ReadOnlySpan<byte> buffer) => Send(buffer);

    void TlsCloseable.Close() => Close();

    /// <summary>
    /// Takes the next datagram, waiting up to <paramref name="waitMillis"/> (0 waits until one arrives or the
    /// transport closes). Returns its length, or -1 when the wait ended empty (BouncyCastle then retransmits
    /// its last flight); a datagram longer than <paramref name="buffer"/> is cut. Throws
    /// <see cref="DtlsTransportClosedException"/> once closed, which ends a handshake or read in progress.
    /// </summary>
    internal int Receive(Span<byte> buffer, int waitMillis)
    {
        var deadline = waitMillis > 0 ? Stopwatch.GetTimestamp() + (waitMillis * Stopwatch.Frequency / 1000) : long.MaxValue;
        lock (_gate)
        {
            while (true)
            {
                if (_closed)
                {
                    throw new DtlsTransportClosedException();
                }

                if (_queue.TryDequeue(out var item))
                {
                    var length = Math.Min(item.Length, buffer.Length);
                    item.Buffer.AsSpan(0, length).CopyTo(buffer);
                    ArrayPool<byte>.Shared.Return(item.Buffer);
                    return length;
                }

                if (waitMillis <= 0)
                {
                    Monitor.Wait(_gate);
                    continue;
                }

                var remaining = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), deadline);
                if (remaining <= TimeSpan.Zero)
                {
                    return -1;
                }

                Monitor.Wait(_gate, remaining);
            }
        }
    }

    private void Send(ReadOnlySpan<byte> datagram)
    {
        // Alerts raised while a handshake is torn down after Close are dropped, not sent.
        if (IsClosed)
        {
            return;
        }

        _send(datagram);
    }
}
