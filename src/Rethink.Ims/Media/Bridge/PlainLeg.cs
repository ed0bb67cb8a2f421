using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Rethink.Ims.Media.Rtp;
using Rethink.Ims.Media.Sdp;

namespace Rethink.Ims.Media.Bridge;

/// <summary>
/// The IMS side of a bridged call: plain RTP/AVP on an even port and RTCP on the port above it, or both on the RTP
/// port when rtcp-mux was negotiated (RTCP is told from RTP by its packet type, RFC 5761 §4). The peer's address comes
/// from its SDP; the first valid packet from elsewhere replaces it once (symmetric RTP, for peers behind NAT), after
/// which other sources are dropped. The per-packet path allocates nothing.
/// </summary>
/// <remarks>The sockets stay the caller's. Every public member may be called from any thread.</remarks>
public sealed class PlainLeg : IAsyncDisposable
{
    private static readonly IPEndPoint EndPointFactory = new(IPAddress.Any, 0);

    private readonly Socket _rtp;
    private readonly Socket? _rtcp;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly MediaBridgeMetrics? _metrics;
    private readonly Lock _gate = new();
    private volatile SocketAddress? _remoteRtp;
    private volatile SocketAddress? _remoteRtcp;
    private volatile bool _rtpLatched;
    private volatile bool _rtcpLatched;
    private volatile bool _rtcpMux;
    private MediaSocketReceiver? _rtpReceiver;
    private MediaSocketReceiver? _rtcpReceiver;
    private long _lastActivity;
    private int _disposed;

    /// <summary>Creates the leg on bound sockets.</summary>
    /// <param name="rtp">The RTP socket (even port).</param>
    /// <param name="rtcp">The RTCP socket (RTP port + 1), or null when only rtcp-mux is used.</param>
    /// <param name="timeProvider">The clock; null for the system clock.</param>
    /// <param name="logger">A logger, or null.</param>
    /// <param name="metrics">Bridge metrics, or null.</param>
    public PlainLeg(Socket rtp, Socket? rtcp, TimeProvider? timeProvider = null, ILogger<PlainLeg>? logger = null, MediaBridgeMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(rtp);
        LocalRtpEndPoint = rtp.LocalEndPoint as IPEndPoint ?? throw new ArgumentException("The socket must be bound.", nameof(rtp));
        LocalRtcpEndPoint = rtcp is null ? null : rtcp.LocalEndPoint as IPEndPoint ?? throw new ArgumentException("The socket must be bound.", nameof(rtcp));
        _rtp = rtp;
        _rtcp = rtcp;
        _time = timeProvider ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _metrics = metrics;
        _lastActivity = _time.GetTimestamp();
    }

    /// <summary>Where RTP is received.</summary>
    public IPEndPoint LocalRtpEndPoint { get; }

    /// <summary>Where RTCP is received when not muxed, or null.</summary>
    public IPEndPoint? LocalRtcpEndPoint { get; }

    /// <summary>Counters of this leg.</summary>
    public MediaLegCounters Counters { get; } = new();

    /// <summary>Called with each RTP packet received (set before <see cref="Start"/>).</summary>
    public MediaPacketHandler? RtpReceived { get; set; }

    /// <summary>Called with each RTCP compound packet received (set before <see cref="Start"/>).</summary>
    public MediaPacketHandler? RtcpReceived { get; set; }

    /// <summary>Where RTP goes now (from SDP, or latched), or null.</summary>
    public IPEndPoint? RemoteRtpEndPoint => _remoteRtp is { } a ? (IPEndPoint)EndPointFactory.Create(a) : null;

    /// <summary>Whether the leg's sockets are still being received on (false once disposed).</summary>
    internal bool IsReceiving => _rtpReceiver is { IsReceiving: true } || _rtcpReceiver is { IsReceiving: true };

    /// <summary>Timestamp of the last valid packet received.</summary>
    internal long LastActivity => Interlocked.Read(ref _lastActivity);

    /// <summary>Starts receiving on the socket(s).</summary>
    public void Start()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        lock (_gate)
        {
            _rtpReceiver ??= MediaSocketReceiver.Start(_rtp, (buffer, length, source) => Process(buffer, length, source, rtcpSocket: false), _logger, LocalRtpEndPoint);
            if (_rtcp is not null)
            {
                _rtcpReceiver ??= MediaSocketReceiver.Start(_rtcp, (buffer, length, source) => Process(buffer, length, source, rtcpSocket: true), _logger, LocalRtpEndPoint);
            }
        }
    }

    /// <summary>
    /// Sets where to send, from the peer's SDP: its RTP address and its RTCP address (null: RTP port + 1). With
    /// <paramref name="rtcpMux"/> RTCP goes to the RTP address. A null or unspecified (0.0.0.0, hold) address sends
    /// nothing until a packet arrives to latch on.
    /// </summary>
    public void SetRemote(IPEndPoint? rtp, IPEndPoint? rtcp, bool rtcpMux)
    {
        _rtcpMux = rtcpMux;
        if (rtp is null || rtp.Address.Equals(IPAddress.Any) || rtp.Address.Equals(IPAddress.IPv6Any) || rtp.Port == 0)
        {
            return;
        }

        _remoteRtp = rtp.Serialize();
        _remoteRtcp = rtcpMux ? _remoteRtp : (rtcp ?? new IPEndPoint(rtp.Address, rtp.Port + 1)).Serialize();
    }

    /// <summary>
    /// <see cref="SetRemote(IPEndPoint?, IPEndPoint?, bool)"/> from the peer's description: the address and port of
    /// <paramref name="media"/> (its connection, else the session's), RTCP at its <c>a=rtcp</c> when it has one.
    /// </summary>
    internal void SetRemote(SessionDescription description, MediaDescription media, bool rtcpMux)
    {
        var connection = description.EffectiveConnection(media);
        IPEndPoint? rtp = null;
        IPEndPoint? rtcp = null;
        if (connection is not null && IPAddress.TryParse(connection.Host, out var address) && media.Port > 0)
        {
            rtp = new IPEndPoint(address, media.Port);
            if (media.Rtcp is { } attribute)
            {
                var rtcpAddress = attribute.Connection is { } c && IPAddress.TryParse(c.Host, out var a) ? a : address;
                rtcp = new IPEndPoint(rtcpAddress, attribute.Port);
            }
        }

        SetRemote(rtp, rtcp, rtcpMux);
    }

    /// <summary>Sends the RTP packet <c>buffer[..length]</c>; false (and counted) when no peer address is known or the send fails.</summary>
    public bool SendRtp(ReadOnlySpan<byte> packet)
    {
        var to = _remoteRtp;
        if (to is null)
        {
            Drop(MediaDropReason.NotReady);
            return false;
        }

        if (!Send(_rtp, packet, to))
        {
            return false;
        }

        Counters.RtpOut(packet.Length);
        return true;
    }

    /// <summary>Sends an RTCP packet (to the RTCP port, or the RTP port with rtcp-mux).</summary>
    public bool SendRtcp(ReadOnlySpan<byte> packet)
    {
        var to = _remoteRtcp;
        var socket = _rtcpMux || _rtcp is null ? _rtp : _rtcp;
        if (to is null || !Send(socket, packet, to))
        {
            return false;
        }

        Counters.RtcpOut();
        return true;
    }

    /// <summary>Stops receiving (the sockets stay open); when it returns no packet handler of this leg is running.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        MediaSocketReceiver? rtp, rtcp;
        lock (_gate)
        {
            rtp = _rtpReceiver;
            rtcp = _rtcpReceiver;
        }

        if (rtp is not null)
        {
            await rtp.StopAsync().ConfigureAwait(false);
        }

        if (rtcp is not null)
        {
            await rtcp.StopAsync().ConfigureAwait(false);
        }
    }

    private void Process(Span<byte> buffer, int length, SocketAddress source, bool rtcpSocket)
    {
        var packet = buffer[..length];
        if (packet.Length < 4 || packet[0] >> 6 != 2)
        {
            Drop(MediaDropReason.Garbage);
            return;
        }

        var isRtcp = RtcpPacket.IsRtcp(packet);
        if (isRtcp)
        {
            if (!RtcpPacket.TryParse(packet, out _, out _))
            {
                Drop(MediaDropReason.Malformed);
                return;
            }

            if (!Accept(source, rtcp: true))
            {
                return;
            }

            Touch();
            Counters.RtcpIn(length);
            RtcpReceived?.Invoke(buffer, length);
            return;
        }

        if (rtcpSocket || !RtpPacket.TryGetHeaderLength(packet, out _))
        {
            Drop(rtcpSocket ? MediaDropReason.Garbage : MediaDropReason.Malformed);
            return;
        }

        if (!Accept(source, rtcp: false))
        {
            return;
        }

        Touch();
        Counters.RtpIn(length);
        RtpReceived?.Invoke(buffer, length);
    }

    private bool Accept(SocketAddress source, bool rtcp)
    {
        var expected = rtcp ? _remoteRtcp : _remoteRtp;
        if (expected is not null && expected.Equals(source))
        {
            if (rtcp)
            {
                _rtcpLatched = true;
            }
            else
            {
                _rtpLatched = true;
            }

            return true;
        }

        // Symmetric RTP: the first packet from another address (a NATed peer) moves the peer there, once.
        lock (_gate)
        {
            var latched = rtcp ? _rtcpLatched : _rtpLatched;
            if (latched)
            {
                Drop(MediaDropReason.WrongSource);
                return false;
            }

            var copy = LegSockets.Copy(source);
            if (rtcp)
            {
                _rtcpLatched = true;
                _remoteRtcp = copy;
            }
            else
            {
                _rtpLatched = true;
                _remoteRtp = copy;
                if (_rtcpMux || _remoteRtcp is null)
                {
                    _remoteRtcp ??= RtcpFor(copy);
                }
            }

            if (_logger.IsEnabled(LogLevel.Debug))
            {
                var peer = (IPEndPoint)EndPointFactory.Create(copy);
                MediaBridgeLog.Latched(_logger, LocalRtpEndPoint, peer);
            }

            return true;
        }
    }

    private SocketAddress RtcpFor(SocketAddress rtp)
    {
        if (_rtcpMux)
        {
            return rtp;
        }

        var endpoint = (IPEndPoint)EndPointFactory.Create(rtp);
        return new IPEndPoint(endpoint.Address, endpoint.Port + 1).Serialize();
    }

    private bool Send(Socket socket, ReadOnlySpan<byte> datagram, SocketAddress to)
    {
        if (LegSockets.TrySend(socket, datagram, to))
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
        _metrics?.Dropped(MediaLegProfile.Plain, reason);
    }
}
