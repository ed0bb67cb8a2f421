using System.Net.Sockets;
using Rethink.Ims.Media.Sdp;

namespace Rethink.Ims.Media.Bridge;

/// <summary>
/// A call anchored between two plain RTP endpoints (what rtpengine does with an offer that changes no transport):
/// each endpoint talks to its own <see cref="PlainLeg"/> of the bridge, and RTP and RTCP cross unchanged, so codecs,
/// SSRCs, sequence numbers and RTCP reports stay the endpoints' own. The SDP each endpoint receives is the other's
/// with the bridge's address and port in it (<see cref="SdpRewriter.ToRelayed"/>). Made and ended by
/// <see cref="MediaBridge"/>.
/// </summary>
public sealed class PlainRelayCall
{
    private int _ended;

    internal PlainRelayCall(string callId, string fromTag, DateTimeOffset created, long createdTimestamp, PlainLeg caller, PlainLeg callee, Socket[] sockets)
    {
        CallId = callId;
        FromTag = fromTag;
        Created = created;
        LastSignal = created;
        CreatedTimestamp = createdTimestamp;
        Caller = caller;
        Callee = callee;
        Sockets = sockets;
        caller.RtpReceived = (buffer, length) => callee.SendRtp(buffer[..length]);
        caller.RtcpReceived = (buffer, length) => callee.SendRtcp(buffer[..length]);
        callee.RtpReceived = (buffer, length) => caller.SendRtp(buffer[..length]);
        callee.RtcpReceived = (buffer, length) => caller.SendRtcp(buffer[..length]);
    }

    /// <summary>The SIP Call-ID.</summary>
    public string CallId { get; }

    /// <summary>The caller's From tag (the side that made the first offer).</summary>
    public string FromTag { get; }

    /// <summary>The answering side's To tag, once known.</summary>
    public string? ToTag { get; internal set; }

    /// <summary>When the first offer arrived.</summary>
    public DateTimeOffset Created { get; }

    /// <summary>When the last offer or answer arrived.</summary>
    public DateTimeOffset LastSignal { get; internal set; }

    /// <summary>The leg facing the caller: it receives what the caller sends and sends what the callee sent.</summary>
    public PlainLeg Caller { get; }

    /// <summary>The leg facing the callee.</summary>
    public PlainLeg Callee { get; }

    /// <summary>True once an answer arrived.</summary>
    public bool IsAnswered => AnsweredTimestamp != 0;

    internal long CreatedTimestamp { get; }

    internal long AnsweredTimestamp { get; set; }

    internal Socket[] Sockets { get; }

    /// <summary>The side whose offer waits for an answer (true: the caller), or null.</summary>
    internal bool? PendingFromCaller { get; set; }

    /// <summary>The last answer taken and the SDP it was rewritten to: a repeat of it (a retransmitted 200 OK) gets the same SDP.</summary>
    internal (byte[] Answer, ReadOnlyMemory<byte> Sent)? LastAnswer { get; set; }

    internal bool HasEnded => Volatile.Read(ref _ended) != 0;

    internal bool TryEnd() => Interlocked.Exchange(ref _ended, 1) == 0;

    /// <summary>Whether an offer with this From tag comes from the caller's side: a re-offer in the dialog from the callee carries the callee's tag.</summary>
    internal bool IsFromCaller(string fromTag) =>
        ToTag is null || !string.Equals(fromTag, ToTag, StringComparison.Ordinal) || string.Equals(fromTag, FromTag, StringComparison.Ordinal);

    /// <summary>The leg facing the side that sent a description (true: the caller).</summary>
    internal PlainLeg LegFacing(bool caller) => caller ? Caller : Callee;
}
