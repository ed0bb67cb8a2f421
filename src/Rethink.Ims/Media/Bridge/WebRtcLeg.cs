using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Rethink.Ims.Media.Dtls;
using Rethink.Ims.Media.Ice;
using Rethink.Ims.Media.Sdp;
using Rethink.Ims.Media.Srtp;

namespace Rethink.Ims.Media.Bridge;

/// <summary>
/// The browser side of a bridged call on one UDP port: STUN, DTLS, SRTP and SRTCP told apart by their first octet
/// (RFC 7983); an ICE-lite agent answers the browser's checks, learns its (peer-reflexive) address and follows its
/// nomination and consent; DTLS-SRTP in the role <c>a=setup</c> gave, refusing a certificate that matches none of the
/// peer's fingerprints; SRTP with rtcp-mux. Received media is handed to <see cref="RtpReceived"/> /
/// <see cref="RtcpReceived"/> decrypted, in place; <see cref="SendRtp"/> encrypts in place and sends to the selected
/// address. The per-packet path allocates nothing.
/// </summary>
/// <remarks>
/// The socket stays the caller's: disposing the leg stops its receive loop but does not close the socket. Every public
/// member may be called from any thread.
/// </remarks>
public sealed class WebRtcLeg : IAsyncDisposable
{
    private const int MaxEarlyDtls = 8;
    private static readonly IPEndPoint EndPointFactory = new(IPAddress.Any, 0);

    private readonly Socket _socket;
    private readonly IceAgentOptions _iceOptions;
    private readonly DtlsOptions _dtlsOptions;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly MediaBridgeMetrics? _metrics;
    private readonly IceMetrics? _iceMetrics;
    private readonly DtlsMetrics? _dtlsMetrics;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource<DtlsHandshakeResult> _handshake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _gate = new();
    private IceLiteAgent? _ice;
    private DtlsSrtpSession? _dtls;
    private List<(byte[] Datagram, SocketAddress Source)>? _earlyDtls;
    private volatile SrtpContext? _protect;
    private volatile SrtpContext? _unprotect;
    private volatile SocketAddress? _selected;
    private volatile SocketAddress? _checked;
    private volatile SocketAddress? _dtlsPeer;
    private IceParameters? _remoteIce;
    private bool _clientPending;
    private MediaSocketReceiver? _receiver;
    private long _lastActivity;
    private int _state;
    private int _failed;

    /// <summary>Creates the leg on a bound UDP socket.</summary>
    /// <param name="socket">A bound UDP socket; the leg receives on it and sends from it.</param>
    /// <param name="certificate">Our DTLS certificate (its fingerprint goes into our SDP).</param>
    /// <param name="localCredentials">Our ICE ufrag and password; null generates new ones.</param>
    /// <param name="iceOptions">ICE timers; null for the defaults.</param>
    /// <param name="dtlsOptions">DTLS settings; null for the defaults.</param>
    /// <param name="timeProvider">The clock of every timer; null for the system clock.</param>
    /// <param name="loggerFactory">Loggers for the leg, its ICE agent and its DTLS session; null for none.</param>
    /// <param name="metrics">Bridge metrics, or null.</param>
    /// <param name="iceMetrics">ICE metrics, or null.</param>
    /// <param name="dtlsMetrics">DTLS metrics, or null.</param>
    public WebRtcLeg(
        Socket socket,
        DtlsCertificate certificate,
        IceCredentials? localCredentials = null,
        IceAgentOptions? iceOptions = null,
        DtlsOptions? dtlsOptions = null,
        TimeProvider? timeProvider = null,
        ILoggerFactory? loggerFactory = null,
        MediaBridgeMetrics? metrics = null,
        IceMetrics? iceMetrics = null,
        DtlsMetrics? dtlsMetrics = null)
    {
        ArgumentNullException.ThrowIfNull(socket);
        ArgumentNullException.ThrowIfNull(certificate);
        if (socket.LocalEndPoint is not IPEndPoint local)
        {
            throw new ArgumentException("The socket must be bound.", nameof(socket));
        }

        _socket = socket;
        LocalEndPoint = local;
        Certificate = certificate;
        LocalIce = localCredentials ?? IceCredentials.Generate();
        _iceOptions = iceOptions ?? new IceAgentOptions();
        _iceOptions.Validate();
        _dtlsOptions = dtlsOptions ?? new DtlsOptions();
        DtlsOptionsValidator.ThrowIfInvalid(_dtlsOptions, nameof(dtlsOptions));
        _time = timeProvider ?? TimeProvider.System;
        _loggers = loggerFactory ?? NullLoggerFactory.Instance;
        _logger = _loggers.CreateLogger<WebRtcLeg>();
        _metrics = metrics;
        _iceMetrics = iceMetrics;
        _dtlsMetrics = dtlsMetrics;
        _lastActivity = _time.GetTimestamp();
    }

    /// <summary>Raised once when SRTP keys are in place (DTLS finished).</summary>
    public event Action<WebRtcLeg>? Connected;

    /// <summary>
    /// Raised once when ICE (no nomination in time, consent lost) or DTLS fails, or when the peer closes DTLS with
    /// close_notify (<see cref="MediaCallEndReason.PeerClosed"/>: the browser hung up).
    /// </summary>
    public event Action<WebRtcLeg, MediaCallEndReason>? Failed;

    /// <summary>Where the leg receives.</summary>
    public IPEndPoint LocalEndPoint { get; }

    /// <summary>Our ICE credentials (<c>a=ice-ufrag</c>, <c>a=ice-pwd</c>); new ones after <see cref="RestartIce"/>.</summary>
    public IceCredentials LocalIce { get; private set; }

    /// <summary>Our DTLS certificate.</summary>
    public DtlsCertificate Certificate { get; }

    /// <summary>Counters of this leg.</summary>
    public MediaLegCounters Counters { get; } = new();

    /// <summary>Called with each RTP packet received, decrypted (set before <see cref="Start"/>).</summary>
    public MediaPacketHandler? RtpReceived { get; set; }

    /// <summary>Called with each RTCP compound packet received, decrypted (set before <see cref="Start"/>).</summary>
    public MediaPacketHandler? RtcpReceived { get; set; }

    /// <summary>The state.</summary>
    public WebRtcLegState State => (WebRtcLegState)Volatile.Read(ref _state);

    /// <summary>The DTLS outcome, once the handshake ends.</summary>
    public Task<DtlsHandshakeResult> Handshake => _handshake.Task;

    /// <summary>The address ICE nominated (where media goes), or null.</summary>
    public IPEndPoint? SelectedEndpoint => _ice?.SelectedEndpoint;

    /// <summary>Octets SRTP adds to an RTP packet; <see cref="SendRtp"/> needs this much room after the packet.</summary>
    public int RtpOverhead => _protect?.RtpOverhead ?? 16;

    /// <summary>Octets SRTCP adds to an RTCP packet.</summary>
    public int RtcpOverhead => _protect?.RtcpOverhead ?? 20;

    /// <summary>Whether the leg's socket is still being received on (false once disposed).</summary>
    internal bool IsReceiving => _receiver is { IsReceiving: true };

    /// <summary>Timestamp (<see cref="TimeProvider.GetTimestamp"/>) of the last valid datagram (check, RTP or RTCP).</summary>
    internal long LastActivity => Interlocked.Read(ref _lastActivity);

    /// <summary>Starts receiving: ICE checks are answered from now on, even before <see cref="Connect"/>.</summary>
    public void Start()
    {
        ObjectDisposedException.ThrowIf(State == WebRtcLegState.Closed, this);
        lock (_gate)
        {
            _receiver ??= MediaSocketReceiver.Start(_socket, Process, _logger, LocalEndPoint);
        }
    }

    /// <summary>
    /// Gives the peer's ICE parameters and fingerprints and our DTLS role (from <c>a=setup</c>, see
    /// <see cref="DtlsRoleResolver"/>). A server waits for the ClientHello; a client sends it once ICE has a pair.
    /// Later calls (re-offers) only update the ICE credentials.
    /// </summary>
    public void Connect(IceParameters remoteIce, IEnumerable<DtlsFingerprint> remoteFingerprints, DtlsRole role)
    {
        ArgumentNullException.ThrowIfNull(remoteIce);
        ArgumentNullException.ThrowIfNull(remoteFingerprints);
        byte[][]? early = null;
        DtlsSrtpSession? session = null;
        bool startClient = false;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(State == WebRtcLegState.Closed, this);
            var ice = EnsureIceLocked();
            ice.SetRemoteCredentials(remoteIce);
            _remoteIce = remoteIce;
            if (_dtls is not null)
            {
                return;
            }

            ForgetOtherPeersLocked(ice);

            session = new DtlsSrtpSession(role, Certificate, remoteFingerprints, SendDtls, _dtlsOptions, _time,
                _loggers.CreateLogger<DtlsSrtpSession>(), _dtlsMetrics);
            _dtls = session;
            Interlocked.CompareExchange(ref _state, (int)WebRtcLegState.Connecting, (int)WebRtcLegState.New);
            if (role == DtlsRole.Server)
            {
                early = _earlyDtls?.Select(e => e.Datagram).ToArray();
                _earlyDtls = null;
            }
            else
            {
                _earlyDtls = null;
                _clientPending = _selected is null && _checked is null;
                startClient = !_clientPending;
            }
        }

        if (role == DtlsRole.Server)
        {
            StartHandshake(session);
            foreach (var datagram in early ?? [])
            {
                session.TryDeliver(datagram);
            }
        }
        else if (startClient)
        {
            StartHandshake(session);
        }
    }

    /// <summary>
    /// Encrypts the RTP packet in <c>buffer[..length]</c> in place and sends it to the selected address. The buffer
    /// needs <see cref="RtpOverhead"/> octets of room after the packet. False (and counted) when the leg is not
    /// connected yet or the send fails.
    /// </summary>
    public bool SendRtp(Span<byte> buffer, int length)
    {
        var context = _protect;
        var to = _selected ?? _checked;
        if (context is null || to is null)
        {
            Drop(MediaDropReason.NotReady);
            return false;
        }

        var result = Protect(context, buffer, length, rtcp: false, out var written);
        if (result != SrtpResult.Ok)
        {
            Drop(result is null ? MediaDropReason.NotReady : MediaDropReason.SrtpOther);
            return false;
        }

        if (!Send(buffer[..written], to))
        {
            return false;
        }

        Counters.RtpOut(written);
        return true;
    }

    /// <summary>Encrypts the RTCP packet in <c>buffer[..length]</c> (SRTCP) in place and sends it; needs <see cref="RtcpOverhead"/> octets of room.</summary>
    public bool SendRtcp(Span<byte> buffer, int length)
    {
        var context = _protect;
        var to = _selected ?? _checked;
        if (context is null || to is null)
        {
            return false;
        }

        if (Protect(context, buffer, length, rtcp: true, out var written) != SrtpResult.Ok || !Send(buffer[..written], to))
        {
            return false;
        }

        Counters.RtcpOut();
        return true;
    }

    /// <summary>
    /// Protects in place; null when the leg was disposed meanwhile: the bridge's report timer and the other leg's relay
    /// thread can still hold the context while the leg closes (a peer's DTLS close_notify).
    /// </summary>
    private static SrtpResult? Protect(SrtpContext context, Span<byte> buffer, int length, bool rtcp, out int written)
    {
        try
        {
            return rtcp ? context.ProtectRtcp(buffer, length, out written) : context.ProtectRtp(buffer, length, out written);
        }
        catch (ObjectDisposedException)
        {
            written = 0;
            return null;
        }
    }

    /// <summary>Stops receiving and releases ICE, DTLS and SRTP state (the socket stays open).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _state, (int)WebRtcLegState.Closed) == (int)WebRtcLegState.Closed)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        MediaSocketReceiver? receiver;
        DtlsSrtpSession? dtls;
        IceLiteAgent? ice;
        lock (_gate)
        {
            receiver = _receiver;
            dtls = _dtls;
            ice = _ice;
        }

        if (receiver is not null)
        {
            await receiver.StopAsync().ConfigureAwait(false);
        }

        ice?.Dispose();
        if (dtls is not null)
        {
            await dtls.DisposeAsync().ConfigureAwait(false);
        }

        _handshake.TrySetResult(DtlsHandshakeResultClosed());
        // Senders that read the field from now on see no context; one already holding it gets ObjectDisposedException (Protect).
        Interlocked.Exchange(ref _protect, null)?.Dispose();
        _unprotect?.Dispose();
        _stop.Dispose();
    }

    private static DtlsHandshakeResult DtlsHandshakeResultClosed() => DtlsHandshakeResult.Failure(DtlsHandshakeStatus.Closed, DtlsRole.Server, null, false, "leg closed");

    /// <summary>
    /// An ICE restart (RFC 8445 §9) asked for by the peer's new offer: when its credentials differ from those in force,
    /// the leg takes them with new local credentials of its own (<see cref="LocalIce"/>, for the answer). The selected
    /// pair keeps carrying media, and DTLS and SRTP are kept, until checks with the new credentials nominate a pair
    /// (a browser that changed network: the new address). Returns false, changing nothing, when the leg has no remote
    /// credentials yet or they are the same.
    /// </summary>
    public bool RestartIce(IceParameters remoteIce)
    {
        ArgumentNullException.ThrowIfNull(remoteIce);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(State == WebRtcLegState.Closed, this);
            if (_remoteIce is not { } current ||
                (string.Equals(current.Ufrag, remoteIce.Ufrag, StringComparison.Ordinal) &&
                 string.Equals(current.Password, remoteIce.Password, StringComparison.Ordinal)))
            {
                return false;
            }

            var local = IceCredentials.Generate();
            EnsureIceLocked().Restart(local, remoteIce.Ufrag, remoteIce.Password);
            LocalIce = local;
            _remoteIce = remoteIce;
            return true;
        }
    }

    /// <summary>
    /// Once the answer names the peer, what other peers did before it stops counting: a forking proxy sends the same
    /// offer to several browsers, and one that is not answered may have passed ICE checks (with its own credentials,
    /// which the agent has now dropped) and sent a ClientHello. Its address is no longer checked, selected or the
    /// DTLS peer, and its early DTLS datagrams are discarded, so the answering browser's handshake is not mixed with it.
    /// </summary>
    private void ForgetOtherPeersLocked(IceLiteAgent ice)
    {
        var valid = ice.RemoteEndPoints.Select(e => e.Serialize()).ToList();
        bool Valid(SocketAddress? address) => address is not null && valid.Exists(v => v.Equals(address));
        _selected = ice.SelectedEndpoint?.Serialize();
        if (!Valid(_checked))
        {
            _checked = valid.Count > 0 ? valid[^1] : null;
        }

        if (!Valid(_dtlsPeer))
        {
            _dtlsPeer = null;
        }

        _earlyDtls?.RemoveAll(e => !Valid(e.Source));
    }

    private IceLiteAgent EnsureIceLocked()
    {
        if (_ice is null)
        {
            _ice = new IceLiteAgent(LocalIce, SendStun, _iceOptions, _time, _iceMetrics, _loggers.CreateLogger<IceLiteAgent>());
            _ice.SelectedEndpointChanged += OnSelected;
            _ice.ConsentExpired += () => Fail(MediaCallEndReason.IceFailed);
        }

        return _ice;
    }

    private void OnSelected(IPEndPoint endpoint)
    {
        _selected = endpoint.Serialize();
        DtlsSrtpSession? start = null;
        lock (_gate)
        {
            if (_clientPending && _dtls is not null)
            {
                _clientPending = false;
                start = _dtls;
            }
        }

        if (start is not null)
        {
            StartHandshake(start);
        }
    }

    private void StartHandshake(DtlsSrtpSession session)
    {
        // A browser that hangs up (pc.close()) sends close_notify: end at once rather than after consent times out.
        _ = session.Closed.ContinueWith(
            static (task, state) =>
            {
                if (task.Result == DtlsCloseReason.PeerCloseNotify)
                {
                    ((WebRtcLeg)state!).Fail(MediaCallEndReason.PeerClosed);
                }
            },
            this,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously | TaskContinuationOptions.OnlyOnRanToCompletion,
            TaskScheduler.Default);
        _ = session.HandshakeAsync(_stop.Token).ContinueWith(
            static (task, state) => ((WebRtcLeg)state!).OnHandshake(task),
            this,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private void OnHandshake(Task<DtlsHandshakeResult> task)
    {
        if (!task.IsCompletedSuccessfully)
        {
            _handshake.TrySetResult(DtlsHandshakeResultClosed());
            return;
        }

        var result = task.Result;
        if (!result.Succeeded || result.KeyingMaterial is not { } material)
        {
            MediaBridgeLog.DtlsFailed(_logger, LocalEndPoint, result.Status.ToString());
            _handshake.TrySetResult(result);
            Fail(MediaCallEndReason.DtlsFailed);
            return;
        }

        var (protect, unprotect) = SrtpDtlsKeyingMaterial.CreateContexts(
            (SrtpProtectionProfile)material.Profile, material.Material, result.Role == DtlsRole.Client);
        _protect = protect;
        _unprotect = unprotect;
        if (Interlocked.CompareExchange(ref _state, (int)WebRtcLegState.Connected, (int)WebRtcLegState.Connecting) != (int)WebRtcLegState.Connecting)
        {
            _handshake.TrySetResult(result);
            return;
        }

        if (_logger.IsEnabled(LogLevel.Information))
        {
            var profile = material.Profile.ToRegistryName();
            // DTLS may finish before ICE nominates a pair: name the address DTLS ran with then.
            var selected = _ice?.SelectedEndpoint;
            var peer = selected?.ToString()
                ?? ((_dtlsPeer ?? _checked) is { } address ? EndPointFactory.Create(address) + " (ICE pair not nominated yet)" : "an unknown peer");
            MediaBridgeLog.SrtpReady(_logger, LocalEndPoint, profile, peer);
        }

        _handshake.TrySetResult(result);
        Connected?.Invoke(this);
    }

    private void Fail(MediaCallEndReason reason)
    {
        var state = State;
        if (state is WebRtcLegState.Closed || Interlocked.Exchange(ref _failed, 1) != 0)
        {
            return;
        }

        Interlocked.CompareExchange(ref _state, (int)WebRtcLegState.Failed, (int)state);
        Failed?.Invoke(this, reason);
    }

    private void Process(Span<byte> buffer, int length, SocketAddress source)
    {
        var datagram = buffer[..length];
        switch (MediaPacketClassifier.Classify(datagram))
        {
            case MediaPacketKind.Stun:
                ProcessStun(datagram, source);
                break;
            case MediaPacketKind.Dtls:
                ProcessDtls(datagram, source);
                break;
            case MediaPacketKind.Rtp:
                ProcessMedia(buffer, length, source, rtcp: false);
                break;
            case MediaPacketKind.Rtcp:
                ProcessMedia(buffer, length, source, rtcp: true);
                break;
            default:
                _iceMetrics?.UnknownDatagramDropped();
                Drop(MediaDropReason.Garbage);
                break;
        }
    }

    private void ProcessStun(ReadOnlySpan<byte> datagram, SocketAddress source)
    {
        IceLiteAgent ice;
        lock (_gate)
        {
            if (State == WebRtcLegState.Closed)
            {
                return;
            }

            ice = EnsureIceLocked();
        }

        var from = (IPEndPoint)EndPointFactory.Create(source);
        var outcome = ice.ProcessStun(datagram, from);
        if (outcome is IceCheckOutcome.Accepted or IceCheckOutcome.Nominated)
        {
            Touch();
            if (_checked is not { } known || !known.Equals(source))
            {
                _checked = from.Serialize();
                StartPendingClient();
            }
        }
    }

    private void StartPendingClient()
    {
        DtlsSrtpSession? start = null;
        lock (_gate)
        {
            if (_clientPending && _dtls is not null)
            {
                _clientPending = false;
                start = _dtls;
            }
        }

        if (start is not null)
        {
            StartHandshake(start);
        }
    }

    private void ProcessDtls(ReadOnlySpan<byte> datagram, SocketAddress source)
    {
        // DTLS only from an address that passed an ICE check (RFC 8445 §7.2.5.3: consent first).
        var known = _checked;
        var selected = _selected;
        if (!(known is not null && known.Equals(source)) && !(selected is not null && selected.Equals(source)))
        {
            Drop(MediaDropReason.WrongSource);
            return;
        }

        if (_dtlsPeer is not { } peer || !peer.Equals(source))
        {
            _dtlsPeer = LegSockets.Copy(source);
        }

        DtlsSrtpSession? session;
        lock (_gate)
        {
            session = _dtls;
            if (session is null)
            {
                // A ClientHello can beat the answer that tells us the peer's fingerprint: keep a few for the session.
                _earlyDtls ??= [];
                if (_earlyDtls.Count < MaxEarlyDtls)
                {
                    _earlyDtls.Add((datagram.ToArray(), LegSockets.Copy(source)));
                }

                return;
            }
        }

        session.TryDeliver(datagram);
    }

    private void ProcessMedia(Span<byte> buffer, int length, SocketAddress source, bool rtcp)
    {
        var context = _unprotect;
        if (context is null)
        {
            Drop(MediaDropReason.NotReady);
            return;
        }

        var selected = _selected;
        var known = _checked;
        if (!(selected is not null && selected.Equals(source)) && !(known is not null && known.Equals(source)))
        {
            Drop(MediaDropReason.WrongSource);
            return;
        }

        var packet = buffer[..length];
        var result = rtcp ? context.UnprotectRtcp(packet, out var plainLength) : context.UnprotectRtp(packet, out plainLength);
        if (result != SrtpResult.Ok)
        {
            Drop(result switch
            {
                SrtpResult.AuthenticationFailed => MediaDropReason.SrtpAuthentication,
                SrtpResult.Replayed => MediaDropReason.SrtpReplay,
                _ => MediaDropReason.SrtpOther,
            });
            return;
        }

        Touch();
        if (rtcp)
        {
            Counters.RtcpIn(length);
            RtcpReceived?.Invoke(buffer, plainLength);
        }
        else
        {
            Counters.RtpIn(length);
            RtpReceived?.Invoke(buffer, plainLength);
        }
    }

    private void SendStun(ReadOnlySpan<byte> datagram, IPEndPoint destination) => Send(datagram, destination.Serialize());

    private void SendDtls(ReadOnlySpan<byte> datagram)
    {
        var to = _dtlsPeer ?? _selected ?? _checked;
        if (to is not null)
        {
            Send(datagram, to);
        }
    }

    private bool Send(ReadOnlySpan<byte> datagram, SocketAddress to)
    {
        if (LegSockets.TrySend(_socket, datagram, to))
        {
            return true;
        }

        Drop(MediaDropReason.SendFailed);
        return false;
    }

    private void Touch() => Interlocked.Exchange(ref _lastActivity, _time.GetTimestamp());

    private void Drop(MediaDropReason reason)
    {
        Counters.Drop(reason);
        _metrics?.Dropped(MediaLegProfile.WebRtc, reason);
    }
}
