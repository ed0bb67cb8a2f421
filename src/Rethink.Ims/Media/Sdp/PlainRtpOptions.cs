using System.Collections.Immutable;

namespace Rethink.Ims.Media.Sdp;

/// <summary>
/// How <see cref="SdpRewriter"/> describes the bridge's plain RTP leg (the IMS or SIP side): our address and
/// port, the codecs the bridge offers or accepts there, and the transport profile.
/// </summary>
public sealed record PlainRtpOptions
{
    /// <summary>Our <c>o=</c> line on this leg. Keep the session id and raise the version for each new description in a dialog.</summary>
    public required SdpOrigin Origin { get; init; }

    /// <summary>Our RTP address on this leg (the <c>c=</c> line).</summary>
    public required string Address { get; init; }

    /// <summary>Our RTP port on this leg; RTCP is on port + 1 (RFC 3550).</summary>
    public required int Port { get; init; }

    /// <summary>The codecs on this leg, in our order of preference. Default PCMU, PCMA, telephone-event/8000.</summary>
    public ImmutableArray<SdpCodec> Codecs { get; init; } = [SdpCodec.Pcmu, SdpCodec.Pcma, SdpCodec.TelephoneEvent8000];

    /// <summary>The protocol we offer. Default <c>RTP/AVP</c>.</summary>
    public string Protocol { get; init; } = "RTP/AVP";

    /// <summary>The protocols we accept in a plain offer (case-insensitive). Default <c>RTP/AVP</c>, <c>RTP/AVPF</c>; SDES <c>RTP/SAVP</c> is rejected.</summary>
    public ImmutableArray<string> AcceptedProtocols { get; init; } = ["RTP/AVP", "RTP/AVPF"];

    /// <summary>The media type the bridge carries. Default <c>audio</c>.</summary>
    public string MediaType { get; init; } = "audio";

    /// <summary>The <c>a=ptime</c> we write, or null for none. Default 20 ms (what G.711 gateways expect).</summary>
    public int? Ptime { get; init; } = 20;

    /// <summary>Whose order the formats of an answer follow. Default the offerer's (the IMS core's preference).</summary>
    public CodecPreference CodecOrder { get; init; } = CodecPreference.Offerer;

    /// <summary>Answer with a single audio codec (plus its telephone-event). Default false.</summary>
    public bool SingleCodec { get; init; }

    /// <summary>The <c>s=</c> value. Default <c>-</c>.</summary>
    public string SessionName { get; init; } = "-";
}
