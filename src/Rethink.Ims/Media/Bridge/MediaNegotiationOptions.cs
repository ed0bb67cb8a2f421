using Rethink.Ims.Media.Sdp;

namespace Rethink.Ims.Media.Bridge;

/// <summary>Per-offer or per-answer choices, as rtpengine's ng flags give them (all optional).</summary>
public sealed record MediaNegotiationOptions
{
    /// <summary>The defaults: no codec changes, rtcp-mux per profile, <c>a=setup</c> per RFC 5763.</summary>
    public static MediaNegotiationOptions Default { get; } = new();

    /// <summary>Codec names not to offer on the outgoing leg (<c>codec-strip</c>, <c>codec-mask</c>); <c>all</c> strips every audio codec.</summary>
    public IReadOnlyList<string> Strip { get; init; } = [];

    /// <summary>Codec names to add to the outgoing leg's offer when the bridge can transcode to them (<c>codec-transcode</c>, <c>codec-offer</c>).</summary>
    public IReadOnlyList<string> Transcode { get; init; } = [];

    /// <summary>Offer <c>a=rtcp-mux</c> on the plain leg (<c>rtcp-mux-offer</c>); otherwise RTCP goes to RTP port + 1 there.</summary>
    public bool OfferPlainRtcpMux { get; init; }

    /// <summary>Accept rtcp-mux when a plain offer has it (<c>rtcp-mux-accept</c>, <c>rtcp-mux-require</c>).</summary>
    public bool AcceptPlainRtcpMux { get; init; }

    /// <summary>Our <c>a=setup</c> in a WebRTC offer instead of actpass (ng <c>DTLS=passive</c> / <c>active</c>).</summary>
    public DtlsSetup? WebRtcOfferSetup { get; init; }

    /// <summary>The plain leg's protocol in an offer (<c>RTP/AVP</c> or <c>RTP/AVPF</c>); null for RTP/AVP.</summary>
    public string? PlainProtocol { get; init; }

    /// <summary>
    /// Put the bridge's address in the o= line of a plain relay's descriptions (<c>replace-origin</c>); otherwise a
    /// relayed description keeps the endpoint's origin. Descriptions of a WebRTC↔plain call always carry the bridge's.
    /// </summary>
    public bool ReplaceOrigin { get; init; }
}
