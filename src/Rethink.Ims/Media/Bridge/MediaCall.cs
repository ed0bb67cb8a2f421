using System.Net.Sockets;
using Rethink.Ims.Media.Codecs;
using Rethink.Ims.Media.Sdp;

namespace Rethink.Ims.Media.Bridge;

/// <summary>
/// One bridged call: a <see cref="WebRtcLeg"/> towards the browser and a <see cref="PlainLeg"/> towards the IMS side,
/// the relay paths between them once an answer fixed the codecs, and each leg's RTCP termination. Made and ended by
/// <see cref="MediaBridge"/>.
/// </summary>
public sealed class MediaCall
{
    private readonly RtcpLegReporter _webReports;
    private readonly RtcpLegReporter _plainReports;
    private readonly List<MediaRelayPath> _retired = [];
    private readonly byte[] _rtcpBuffer = new byte[512];
    private volatile MediaRelayPath? _webToPlain;
    private volatile MediaRelayPath? _plainToWeb;
    private int _ended;

    internal MediaCall(string callId, string fromTag, DateTimeOffset created, long createdTimestamp, WebRtcLeg webRtc, PlainLeg plain,
        Socket webSocket, Socket plainRtp, Socket plainRtcp, TimeProvider time, SdpOrigin webOrigin, SdpOrigin plainOrigin)
    {
        CallId = callId;
        FromTag = fromTag;
        Created = created;
        LastSignal = created;
        CreatedTimestamp = createdTimestamp;
        WebRtc = webRtc;
        Plain = plain;
        WebSocket = webSocket;
        PlainRtpSocket = plainRtp;
        PlainRtcpSocket = plainRtcp;
        WebOrigin = webOrigin;
        PlainOrigin = plainOrigin;
        _webReports = new RtcpLegReporter(time);
        _plainReports = new RtcpLegReporter(time);
        webRtc.RtpReceived = (buffer, length) => _webToPlain?.Forward(buffer, length);
        webRtc.RtcpReceived = (buffer, length) => _webReports.OnRtcp(buffer[..length]);
        plain.RtpReceived = (buffer, length) => _plainToWeb?.Forward(buffer, length);
        plain.RtcpReceived = (buffer, length) => _plainReports.OnRtcp(buffer[..length]);
    }

    /// <summary>The SIP Call-ID.</summary>
    public string CallId { get; }

    /// <summary>The caller's From tag.</summary>
    public string FromTag { get; }

    /// <summary>The answering side's To tag, once answered.</summary>
    public string? ToTag { get; internal set; }

    /// <summary>When the first offer arrived.</summary>
    public DateTimeOffset Created { get; }

    /// <summary>When the last offer or answer arrived.</summary>
    public DateTimeOffset LastSignal { get; internal set; }

    /// <summary>The browser leg.</summary>
    public WebRtcLeg WebRtc { get; }

    /// <summary>The IMS (plain RTP) leg.</summary>
    public PlainLeg Plain { get; }

    /// <summary>True once an answer set the codecs and media is relayed.</summary>
    public bool IsBridged => _webToPlain is not null;

    /// <summary>The codec the bridge sends on the WebRTC leg (e.g. <c>opus</c>, <c>PCMU</c>), once bridged.</summary>
    public string? WebRtcCodec { get; private set; }

    /// <summary>The codec the bridge sends on the plain leg, once bridged.</summary>
    public string? PlainCodec { get; private set; }

    /// <summary>True when both legs use the same codec, so packets are only re-encrypted, not transcoded.</summary>
    public bool IsPassthrough { get; private set; }

    internal long CreatedTimestamp { get; }

    internal long AnsweredTimestamp { get; set; }

    internal long LastReportTimestamp { get; set; }

    internal Socket WebSocket { get; }

    internal Socket PlainRtpSocket { get; }

    internal Socket PlainRtcpSocket { get; }

    internal SdpOrigin WebOrigin { get; set; }

    internal SdpOrigin PlainOrigin { get; set; }

    internal PendingOffer? Pending { get; set; }

    /// <summary>The last answer taken and the SDP it was rewritten to: a repeat of it (a retransmitted 200 OK) gets the same SDP.</summary>
    internal (byte[] Answer, ReadOnlyMemory<byte> Sent)? LastAnswer { get; set; }

    internal bool HasEnded => Volatile.Read(ref _ended) != 0;

    internal bool TryEnd() => Interlocked.Exchange(ref _ended, 1) == 0;

    internal void Activate(LegPayloadMap web, LegPayloadMap plain, AudioTranscoderOptions transcoderOptions, MediaBridgeMetrics? metrics)
    {
        var webToPlain = new MediaRelayPath(MediaLegProfile.WebRtc, web, plain, null, Plain, _webReports, _plainReports, WebRtc.Counters, transcoderOptions, metrics);
        var plainToWeb = new MediaRelayPath(MediaLegProfile.Plain, plain, web, WebRtc, null, _plainReports, _webReports, Plain.Counters, transcoderOptions, metrics);
        lock (_retired)
        {
            if (_webToPlain is { } oldA)
            {
                _retired.Add(oldA);
            }

            if (_plainToWeb is { } oldB)
            {
                _retired.Add(oldB);
            }

            _webToPlain = webToPlain;
            _plainToWeb = plainToWeb;
        }

        WebRtcCodec = web.SendCodecName;
        PlainCodec = plain.SendCodecName;
        IsPassthrough = web.SendCodec == plain.SendCodec;
    }

    /// <summary>Sends each leg's RTCP report and counts new losses; called by the bridge's timer.</summary>
    internal void SendReports(MediaBridgeMetrics? metrics)
    {
        if (!IsBridged || HasEnded)
        {
            return;
        }

        lock (_rtcpBuffer)
        {
            var length = _webReports.Write(_rtcpBuffer);
            if (length > 0)
            {
                WebRtc.SendRtcp(_rtcpBuffer, length);
            }

            length = _plainReports.Write(_rtcpBuffer);
            if (length > 0)
            {
                Plain.SendRtcp(_rtcpBuffer.AsSpan(0, length));
            }
        }

        metrics?.Lost(MediaLegProfile.WebRtc, _webReports.TakeNewLosses());
        metrics?.Lost(MediaLegProfile.Plain, _plainReports.TakeNewLosses());
    }

    internal void DisposePaths()
    {
        lock (_retired)
        {
            _webToPlain?.Dispose();
            _plainToWeb?.Dispose();
            foreach (var path in _retired)
            {
                path.Dispose();
            }

            _retired.Clear();
        }
    }

    internal sealed record PendingOffer(SessionDescription Offer, MediaLegProfile Offerer, SessionDescription Sent, MediaNegotiationOptions Negotiation);
}
