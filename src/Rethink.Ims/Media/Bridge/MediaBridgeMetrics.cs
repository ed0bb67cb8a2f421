using System.Diagnostics.Metrics;

namespace Rethink.Ims.Media.Bridge;

/// <summary>
/// Metrics of the media bridge, on the meter <c>Rethink.Ims.Media.Bridge</c>:
/// <c>rethink.ims.media.calls.active</c> (up-down), <c>rethink.ims.media.calls</c> (created),
/// <c>rethink.ims.media.calls.refused</c> (tag <c>reason</c>), <c>rethink.ims.media.calls.ended</c> (tag <c>reason</c>),
/// <c>rethink.ims.media.packets</c> (observable; tags <c>leg</c>: webrtc/plain, <c>direction</c>: in/out),
/// <c>rethink.ims.media.packets.dropped</c> (tags <c>leg</c>, <c>reason</c>),
/// <c>rethink.ims.media.packets.lost</c> (tag <c>leg</c>; from the sequence numbers received, counted at each report)
/// and <c>rethink.ims.media.transcode.duration</c> (seconds per frame, tag <c>codec</c>: source-target).
/// No tag carries a value from the wire.
/// </summary>
public sealed class MediaBridgeMetrics
{
    /// <summary>The meter name to subscribe to.</summary>
    public const string MeterName = "Rethink.Ims.Media.Bridge";

    private readonly UpDownCounter<long> _active;
    private readonly Counter<long> _calls;
    private readonly Counter<long> _refused;
    private readonly Counter<long> _ended;
    private readonly Lock _legsGate = new();
    private readonly HashSet<MediaLegCounters> _webRtcLegs = [];
    private readonly HashSet<MediaLegCounters> _plainLegs = [];
    private long _endedWebRtcIn;
    private long _endedWebRtcOut;
    private long _endedPlainIn;
    private long _endedPlainOut;
    private readonly Counter<long> _dropped;
    private readonly Counter<long> _lost;
    private readonly Histogram<double> _transcode;

    /// <summary>Creates the instruments on a meter from <paramref name="meterFactory"/>.</summary>
    public MediaBridgeMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _active = meter.CreateUpDownCounter<long>("rethink.ims.media.calls.active", description: "Calls the bridge holds now.");
        _calls = meter.CreateCounter<long>("rethink.ims.media.calls", description: "Calls created (first offer).");
        _refused = meter.CreateCounter<long>("rethink.ims.media.calls.refused", description: "Offers refused, by reason.");
        _ended = meter.CreateCounter<long>("rethink.ims.media.calls.ended", description: "Calls torn down, by reason.");
        // Observed from the legs' own counters when collected: a tagged Counter.Add per packet cost more than the
        // relay's own work around it (the totals of ended calls are kept, so the counter stays monotonic).
        meter.CreateObservableCounter("rethink.ims.media.packets", ObservePackets, description: "RTP and RTCP packets received (in) and sent (out), per leg.");
        _dropped = meter.CreateCounter<long>("rethink.ims.media.packets.dropped", description: "Datagrams dropped, per leg and reason.");
        _lost = meter.CreateCounter<long>("rethink.ims.media.packets.lost", description: "RTP packets a peer sent that never arrived, per leg.");
        _transcode = meter.CreateHistogram<double>("rethink.ims.media.transcode.duration", unit: "s", description: "Time to transcode one frame.");
    }

    internal void CallCreated(MediaLegProfile first, MediaLegCounters firstCounters, MediaLegProfile second, MediaLegCounters secondCounters)
    {
        lock (_legsGate)
        {
            Legs(first).Add(firstCounters);
            Legs(second).Add(secondCounters);
        }

        _calls.Add(1);
        _active.Add(1);
    }

    /// <summary>Counts a call's end; its legs' packets move to the totals (call it once both legs have stopped).</summary>
    internal void CallEnded(MediaCallEndReason reason, MediaLegProfile first, MediaLegCounters firstCounters, MediaLegProfile second, MediaLegCounters secondCounters)
    {
        lock (_legsGate)
        {
            Retire(first, firstCounters);
            Retire(second, secondCounters);
        }

        _active.Add(-1);
        _ended.Add(1, new KeyValuePair<string, object?>("reason", Tag(reason)));
    }

    internal void CallRefused(MediaBridgeStatus status) =>
        _refused.Add(1, new KeyValuePair<string, object?>("reason", Tag(status)));

    internal void Dropped(MediaLegProfile leg, MediaDropReason reason) =>
        _dropped.Add(1, new KeyValuePair<string, object?>("leg", Tag(leg)), new KeyValuePair<string, object?>("reason", Tag(reason)));

    internal void Lost(MediaLegProfile leg, long packets)
    {
        if (packets > 0)
        {
            _lost.Add(packets, new KeyValuePair<string, object?>("leg", Tag(leg)));
        }
    }

    internal void Transcoded(string codecs, double seconds) =>
        _transcode.Record(seconds, new KeyValuePair<string, object?>("codec", codecs));

    private HashSet<MediaLegCounters> Legs(MediaLegProfile profile) => profile == MediaLegProfile.WebRtc ? _webRtcLegs : _plainLegs;

    private void Retire(MediaLegProfile profile, MediaLegCounters counters)
    {
        if (!Legs(profile).Remove(counters))
        {
            return;
        }

        if (profile == MediaLegProfile.WebRtc)
        {
            AddPackets(counters, ref _endedWebRtcIn, ref _endedWebRtcOut);
        }
        else
        {
            AddPackets(counters, ref _endedPlainIn, ref _endedPlainOut);
        }
    }

    private static void AddPackets(MediaLegCounters counters, ref long packetsIn, ref long packetsOut)
    {
        packetsIn += counters.RtpPacketsIn + counters.RtcpPacketsIn;
        packetsOut += counters.RtpPacketsOut + counters.RtcpPacketsOut;
    }

    private Measurement<long>[] ObservePackets()
    {
        long webRtcIn, webRtcOut, plainIn, plainOut;
        lock (_legsGate)
        {
            (webRtcIn, webRtcOut, plainIn, plainOut) = (_endedWebRtcIn, _endedWebRtcOut, _endedPlainIn, _endedPlainOut);
            foreach (var leg in _webRtcLegs)
            {
                AddPackets(leg, ref webRtcIn, ref webRtcOut);
            }

            foreach (var leg in _plainLegs)
            {
                AddPackets(leg, ref plainIn, ref plainOut);
            }
        }

        return
        [
            new(webRtcIn, new KeyValuePair<string, object?>("leg", "webrtc"), new KeyValuePair<string, object?>("direction", "in")),
            new(webRtcOut, new KeyValuePair<string, object?>("leg", "webrtc"), new KeyValuePair<string, object?>("direction", "out")),
            new(plainIn, new KeyValuePair<string, object?>("leg", "plain"), new KeyValuePair<string, object?>("direction", "in")),
            new(plainOut, new KeyValuePair<string, object?>("leg", "plain"), new KeyValuePair<string, object?>("direction", "out")),
        ];
    }

    internal static string Tag(MediaLegProfile leg) => leg == MediaLegProfile.WebRtc ? "webrtc" : "plain";

    internal static string Tag(MediaDropReason reason) => reason switch
    {
        MediaDropReason.Garbage => "garbage",
        MediaDropReason.NotReady => "not-ready",
        MediaDropReason.WrongSource => "wrong-source",
        MediaDropReason.SrtpAuthentication => "srtp-auth",
        MediaDropReason.SrtpReplay => "srtp-replay",
        MediaDropReason.SrtpOther => "srtp-other",
        MediaDropReason.Malformed => "malformed",
        MediaDropReason.UnknownPayloadType => "unknown-payload-type",
        MediaDropReason.TranscodeFailed => "transcode-failed",
        MediaDropReason.SendFailed => "send-failed",
        MediaDropReason.NoRoute => "no-route",
        _ => "other",
    };

    internal static string Tag(MediaCallEndReason reason) => reason switch
    {
        MediaCallEndReason.Deleted => "deleted",
        MediaCallEndReason.MediaTimeout => "media-timeout",
        MediaCallEndReason.AnswerTimeout => "answer-timeout",
        MediaCallEndReason.IceFailed => "ice-failed",
        MediaCallEndReason.DtlsFailed => "dtls-failed",
        MediaCallEndReason.PeerClosed => "peer-closed",
        MediaCallEndReason.Shutdown => "shutdown",
        _ => "other",
    };

    internal static string Tag(MediaBridgeStatus status) => status switch
    {
        MediaBridgeStatus.CallLimitReached => "call-limit",
        MediaBridgeStatus.NoPortsAvailable => "no-ports",
        MediaBridgeStatus.InvalidSdp => "invalid-sdp",
        MediaBridgeStatus.NotAcceptable => "not-acceptable",
        _ => "other",
    };
}
