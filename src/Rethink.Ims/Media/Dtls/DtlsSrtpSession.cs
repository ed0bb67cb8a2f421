using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;
using Rethink.Ims.Media.Sdp;

namespace Rethink.Ims.Media.Dtls;

/// <summary>
/// One DTLS-SRTP association (RFC 5764) over a socket someone else owns: feed it the DTLS datagrams received
/// from the peer with <see cref="TryDeliver"/>, and it sends its own through the <see cref="DtlsDatagramSender"/>.
/// <see cref="HandshakeAsync"/> runs the DTLS 1.2 handshake in the given role and returns the SRTP profile, the
/// exported keys and the peer's fingerprint, or why it failed, as a value. After the handshake the session keeps
/// answering the peer's retransmissions and notices its close_notify (<see cref="Closed"/>); application data
/// is not used (no SCTP) and is discarded.
/// </summary>
/// <remarks>
/// BouncyCastle's DTLS is blocking, so the handshake runs on a dedicated thread for its duration; afterwards
/// the rare post-handshake record (a retransmitted flight, an alert) is processed on the thread pool.
/// BouncyCastle's retransmission timers run on the wall clock; the overall <see cref="DtlsOptions.HandshakeTimeout"/>
/// runs on the given <see cref="TimeProvider"/> as well.
/// </remarks>
public sealed class DtlsSrtpSession : IAsyncDisposable
{
    private const int NotAborted = 0;
    private const int AbortedByTimeout = 1;
    private const int AbortedByCancellation = 2;
    private const int AbortedByClose = 3;

    private readonly DtlsPacketTransport _transport;
    private readonly DtlsSrtpNegotiation _negotiation;
    private readonly TimeSpan _handshakeTimeout;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly DtlsMetrics? _metrics;
    private readonly TaskCompletionSource<DtlsCloseReason> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly object _gate = new();
    private Task<DtlsHandshakeResult>? _handshake;
    private DtlsTransport? _dtls;
    private byte[]? _discard;
    private bool _handshakeStarted;
    private bool _handshakeEnded;
    private bool _localClose;
    private bool _disposed;
    private int _abort;
    private int _draining;

    /// <summary>Creates a session; nothing is sent until <see cref="HandshakeAsync"/>.</summary>
    /// <param name="role">Client (sends the ClientHello) or server (waits for it); see <see cref="DtlsRoleResolver"/>.</param>
    /// <param name="certificate">This side's certificate, whose fingerprint went into the local SDP.</param>
    /// <param name="remoteFingerprints">The peer's <c>a=fingerprint</c> values; its certificate must match one.</param>
    /// <param name="send">Sends one datagram to the peer.</param>
    /// <param name="options">Timeouts, MTU, queue bound and SRTP profiles; defaults when null.</param>
    /// <param name="timeProvider">The clock of the handshake timeout; the system clock when null.</param>
    /// <param name="logger">Where outcomes are logged (never keys).</param>
    /// <param name="metrics">Where handshake outcomes and drops are counted, or null.</param>
    public DtlsSrtpSession(
        DtlsRole role,
        DtlsCertificate certificate,
        IEnumerable<DtlsFingerprint> remoteFingerprints,
        DtlsDatagramSender send,
        DtlsOptions? options = null,
        TimeProvider? timeProvider = null,
        ILogger<DtlsSrtpSession>? logger = null,
        DtlsMetrics? metrics = null)
    {
        if (role is not (DtlsRole.Client or DtlsRole.Server))
        {
            throw new ArgumentOutOfRangeException(nameof(role), role, "Not a DTLS role.");
        }

        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(remoteFingerprints);
        ArgumentNullException.ThrowIfNull(send);
        options ??= new DtlsOptions();
        DtlsOptionsValidator.ThrowIfInvalid(options, nameof(options));
        var fingerprints = remoteFingerprints.ToImmutableArray();
        if (fingerprints.IsEmpty || fingerprints.Any(f => f is null))
        {
            throw new ArgumentException("The peer's fingerprints are needed to authenticate it; none (or a null) was given.", nameof(remoteFingerprints));
        }

        Role = role;
        LocalCertificate = certificate;
        _handshakeTimeout = options.HandshakeTimeout;
        _time = timeProvider ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _metrics = metrics;
        _transport = new DtlsPacketTransport(send, options.Mtu, options.ReceiveQueueCapacity);
        _negotiation = new DtlsSrtpNegotiation(
            role,
            certificate,
            fingerprints,
            [.. options.SrtpProfiles],
            (int)Math.Ceiling(options.HandshakeTimeout.TotalMilliseconds),
            (int)options.RetransmitTimeout.TotalMilliseconds);
    }

    /// <summary>This side's role.</summary>
    public DtlsRole Role { get; }

    /// <summary>This side's certificate.</summary>
    public DtlsCertificate LocalCertificate { get; }

    /// <summary>
    /// Completes when the association ends: <see cref="DtlsCloseReason.PeerCloseNotify"/>, <see cref="DtlsCloseReason.Local"/>
    /// (<see cref="Close"/> or disposal), or <see cref="DtlsCloseReason.Failed"/> (a fatal alert, or a failed handshake).
    /// </summary>
    public Task<DtlsCloseReason> Closed => _closed.Task;

    /// <summary>Received datagrams dropped so far (queue full, closed, empty or oversized).</summary>
    public long DroppedDatagrams => _transport.DroppedCount;

    internal DtlsPacketTransport Transport => _transport;

    /// <summary>
    /// Hands over one DTLS datagram received from the peer (copied; the caller may reuse its buffer).
    /// False when it was dropped: the receive queue is full, the session is closed, or the datagram is
    /// empty or too large. Datagrams may arrive before <see cref="HandshakeAsync"/> starts; they wait.
    /// </summary>
    public bool TryDeliver(ReadOnlySpan<byte> datagram)
    {
        if (!_transport.TryDeliver(datagram))
        {
            _metrics?.DatagramDropped();
            DtlsSessionLog.DatagramDropped(_logger, datagram.Length, _transport.DroppedCount);
            return false;
        }

        if (Volatile.Read(ref _dtls) is not null)
        {
            ScheduleDrain();
        }

        return true;
    }

    /// <summary>
    /// Runs the handshake once. A server waits for the ClientHello; a client sends it. The result says how it
    /// ended: <see cref="DtlsHandshakeStatus.Succeeded"/> with keys, or <see cref="DtlsHandshakeStatus.Timeout"/>,
    /// <see cref="DtlsHandshakeStatus.FingerprintMismatch"/>, <see cref="DtlsHandshakeStatus.NoCommonProfile"/>,
    /// <see cref="DtlsHandshakeStatus.ProtocolError"/> or <see cref="DtlsHandshakeStatus.Closed"/>. It never waits
    /// longer than <see cref="DtlsOptions.HandshakeTimeout"/>.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled; the handshake is abandoned.</exception>
    /// <exception cref="InvalidOperationException">The handshake was already started.</exception>
    public Task<DtlsHandshakeResult> HandshakeAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_handshakeStarted)
            {
                throw new InvalidOperationException("The handshake of this session was already started.");
            }

            _handshakeStarted = true;
        }

        var handshake = RunHandshakeAsync(cancellationToken);
        lock (_gate)
        {
            _handshake = handshake;
        }

        return handshake;
    }

    /// <summary>
    /// Ends the association: after a handshake sends close_notify; during one abandons it (its result is
    /// <see cref="DtlsHandshakeStatus.Closed"/>). Later datagrams are dropped. Safe to call more than once.
    /// </summary>
    public void Close()
    {
        lock (_gate)
        {
            if (_localClose)
            {
                return;
            }

            _localClose = true;
            if (!_handshakeEnded && _abort == NotAborted)
            {
                _abort = AbortedByClose;
            }

            if (_dtls is { } dtls && !_closed.Task.IsCompleted)
            {
                try
                {
                    dtls.Close();
                }
                catch (IOException)
                {
                    // Nothing more to say to a peer we cannot reach.
                }
            }
        }

        _transport.Close();
        End(DtlsCloseReason.Local);
    }

    /// <summary>Closes the session, waits for a running handshake to stop, and zeroes the exported keys.</summary>
    public async ValueTask DisposeAsync()
    {
        Task? handshake;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            handshake = _handshake;
        }

        Close();
        if (handshake is not null)
        {
            try
            {
                await handshake.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // The caller cancelled it; it has stopped all the same.
            }
        }

        _negotiation.KeyingMaterial?.Dispose();
    }

    private async Task<DtlsHandshakeResult> RunHandshakeAsync(CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        DtlsSessionLog.HandshakeStarting(_logger, Role);
        DtlsHandshakeResult result;
        using (var timeout = new CancellationTokenSource(_handshakeTimeout, _time))
        using (timeout.Token.Register(static s => ((DtlsSrtpSession)s!).Abort(AbortedByTimeout), this))
        using (cancellationToken.Register(static s => ((DtlsSrtpSession)s!).Abort(AbortedByCancellation), this))
        {
            result = await Task.Factory.StartNew(
                static s => ((DtlsSrtpSession)s!).Handshake(),
                this,
                CancellationToken.None,
                TaskCreationOptions.LongRunning | TaskCreationOptions.DenyChildAttach,
                TaskScheduler.Default).ConfigureAwait(false);
        }

        var elapsed = _time.GetElapsedTime(started);
        var cancelled = Volatile.Read(ref _abort) == AbortedByCancellation;
        _metrics?.HandshakeEnded(Role, cancelled ? "Cancelled" : result.Status.ToString(), elapsed);
        if (result.Succeeded)
        {
            DtlsSessionLog.HandshakeSucceeded(_logger, Role, (long)elapsed.TotalMilliseconds, result.KeyingMaterial.Profile, result.PeerFingerprint);
        }
        else
        {
            if (_logger.IsEnabled(LogLevel.Warning))
            {
                DtlsSessionLog.HandshakeFailed(_logger, Role, (long)elapsed.TotalMilliseconds, cancelled ? "cancelled" : result.ToString());
            }

            _transport.Close();
            End(result.Status == DtlsHandshakeStatus.Closed ? DtlsCloseReason.Local : DtlsCloseReason.Failed);
        }

        if (cancelled)
        {
            throw new OperationCanceledException("The DTLS handshake was cancelled.", cancellationToken);
        }

        return result;
    }

    // Runs on the dedicated handshake thread: BouncyCastle blocks in our transport's Receive until a
    // datagram arrives, its retransmission timer fires, or Abort closes the transport.
    private DtlsHandshakeResult Handshake()
    {
        DtlsTransport? dtls = null;
        IOException? error = null;
        try
        {
            var crypto = new BcTlsCrypto(new SecureRandom());
            dtls = Role == DtlsRole.Client
                ? new DtlsClientProtocol().Connect(new DtlsSrtpTlsClient(crypto, _negotiation), _transport)
                : new DtlsServerProtocol().Accept(new DtlsSrtpTlsServer(crypto, _negotiation), _transport);
        }
        catch (IOException e)
        {
            // BouncyCastle reports every failure as an IOException (TlsFatalAlert, TlsFatalAlertReceived,
            // TlsTimeoutException) and wraps anything unexpected in a TlsFatalAlert(internal_error).
            error = e;
        }

        bool established;
        lock (_gate)
        {
            _handshakeEnded = true;
            established = error is null && _abort == NotAborted;
            if (established)
            {
                Volatile.Write(ref _dtls, dtls);
            }
        }

        if (!established)
        {
            // Finished just as it was aborted: say goodbye through a transport that is already closed (dropped).
            if (dtls is not null)
            {
                try
                {
                    dtls.Close();
                }
                catch (IOException)
                {
                    // The transport is closed; there is nothing to send through.
                }
            }

            return Failure(error);
        }

        // Datagrams that came after BouncyCastle's last read (a retransmitted flight) are handled now.
        if (_transport.HasPending)
        {
            ScheduleDrain();
        }

        return DtlsHandshakeResult.Success(Role, _negotiation.KeyingMaterial!, _negotiation.PeerFingerprint!);
    }

    private DtlsHandshakeResult Failure(IOException? error)
    {
        var alert = _negotiation.FatalAlert;
        var received = _negotiation.FatalAlertReceived;
        switch (Volatile.Read(ref _abort))
        {
            case AbortedByTimeout:
                return DtlsHandshakeResult.Failure(DtlsHandshakeStatus.Timeout, Role, null, false, $"no complete handshake within {_handshakeTimeout.TotalSeconds:0.###} s");
            case AbortedByCancellation:
            case AbortedByClose:
                return DtlsHandshakeResult.Failure(DtlsHandshakeStatus.Closed, Role, null, false, "closed before the handshake finished");
        }

        if (error is TlsTimeoutException)
        {
            return DtlsHandshakeResult.Failure(DtlsHandshakeStatus.Timeout, Role, null, false, $"no complete handshake within {_handshakeTimeout.TotalSeconds:0.###} s");
        }

        if (_negotiation.Failure is { } status)
        {
            return DtlsHandshakeResult.Failure(status, Role, alert, received, _negotiation.FailureDetail);
        }

        if (received && alert is AlertDescription.bad_certificate or AlertDescription.unsupported_certificate
            or AlertDescription.certificate_revoked or AlertDescription.certificate_expired or AlertDescription.certificate_unknown)
        {
            return DtlsHandshakeResult.Failure(DtlsHandshakeStatus.FingerprintMismatch, Role, alert, received, "the peer refused this side's certificate");
        }

        var detail = error switch
        {
            null => "the handshake ended without a transport",
            TlsFatalAlertReceived => "the peer ended the handshake",
            TlsFatalAlert fatal => "this side ended the handshake: " + AlertDescription.GetText(fatal.AlertDescription),
            DtlsTransportClosedException => "the transport closed",
            _ => error.GetType().Name,
        };
        return DtlsHandshakeResult.Failure(DtlsHandshakeStatus.ProtocolError, Role, alert, received, detail);
    }

    private void Abort(int reason)
    {
        lock (_gate)
        {
            if (_handshakeEnded || _abort != NotAborted)
            {
                return;
            }

            _abort = reason;
        }

        _transport.Close();
    }

    private void ScheduleDrain()
    {
        if (Interlocked.CompareExchange(ref _draining, 1, 0) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static s => s.Drain(), this, preferLocal: false);
        }
    }

    // After the handshake: lets BouncyCastle process what arrived (it answers a retransmitted last flight of
    // the peer with ours, and notices close_notify and fatal alerts). One drainer at a time.
    private void Drain()
    {
        while (true)
        {
            DtlsCloseReason? ended = null;
            lock (_gate)
            {
                if (_dtls is { } dtls && !_closed.Task.IsCompleted)
                {
                    ended = DrainLocked(dtls);
                }
            }

            if (ended is { } reason)
            {
                _transport.Close();
                End(reason);
                Volatile.Write(ref _draining, 0);
                return;
            }

            Volatile.Write(ref _draining, 0);
            if (!_transport.HasPending || _closed.Task.IsCompleted || Interlocked.CompareExchange(ref _draining, 1, 0) != 0)
            {
                return;
            }
        }
    }

    private DtlsCloseReason? DrainLocked(DtlsTransport dtls)
    {
        try
        {
            _discard ??= new byte[dtls.GetReceiveLimit()];
            while (_transport.HasPending)
            {
                // Application data would land in _discard: there is no SCTP on this association.
                dtls.Receive(_discard, 0, _discard.Length, 1);
            }
        }
        catch (IOException)
        {
            // Closed under us (close_notify, Close) or a fatal alert: decided below.
        }

        if (!_transport.IsClosed)
        {
            return null;
        }

        return _localClose ? DtlsCloseReason.Local
            : _negotiation.CloseNotifyReceived ? DtlsCloseReason.PeerCloseNotify
            : DtlsCloseReason.Failed;
    }

    private void End(DtlsCloseReason reason)
    {
        if (_closed.TrySetResult(reason))
        {
            DtlsSessionLog.AssociationClosed(_logger, Role, reason);
        }
    }
}
