using System.Collections.Immutable;

namespace Rethink.Ims.Media.Sdp;

/// <summary>
/// How <see cref="SdpRewriter"/> describes the bridge's WebRTC leg (the browser side): an ICE-lite agent
/// with our credentials and one host candidate, DTLS-SRTP with our certificate's fingerprint, rtcp-mux,
/// and the codecs the bridge offers or accepts there.
/// </summary>
public sealed record WebRtcOptions
{
    /// <summary>Our <c>o=</c> line on this leg. Keep the session id and raise the version for each new description in a dialog.</summary>
    public required SdpOrigin Origin { get; init; }

    /// <summary>Our ICE ufrag and password (<see cref="IceCredentials.Generate"/>).</summary>
    public required IceCredentials Ice { get; init; }

    /// <summary>Our DTLS certificate's fingerprint, normally SHA-256 (<see cref="DtlsFingerprint.Compute"/>).</summary>
    public required DtlsFingerprint Fingerprint { get; init; }

    /// <summary>Our media address on this leg: the <c>c=</c> line and the host candidate's address.</summary>
    public required string Address { get; init; }

    /// <summary>Our media port (STUN, DTLS and SRTP share it, RFC 7983): the m-line port and the host candidate's port.</summary>
    public required int Port { get; init; }

    /// <summary>Candidates to announce instead of the single UDP host candidate built from <see cref="Address"/> and <see cref="Port"/>; empty (default) means that one.</summary>
    public ImmutableArray<IceCandidate> Candidates { get; init; } = [];

    /// <summary>The codecs on this leg, in our order of preference. Default Opus, PCMU, PCMA, telephone-event/48000 and /8000.</summary>
    public ImmutableArray<SdpCodec> Codecs { get; init; } =
        [SdpCodec.Opus, SdpCodec.Pcmu, SdpCodec.Pcma, SdpCodec.TelephoneEvent48000, SdpCodec.TelephoneEvent8000];

    /// <summary>The protocol we offer. Default <c>UDP/TLS/RTP/SAVPF</c> (answers copy the offer's).</summary>
    public string Protocol { get; init; } = "UDP/TLS/RTP/SAVPF";

    /// <summary>The protocols we accept in a WebRTC offer (case-insensitive). Default the DTLS-SRTP over UDP profiles <c>UDP/TLS/RTP/SAVPF</c> and <c>UDP/TLS/RTP/SAVP</c> (RFC 5764).</summary>
    public ImmutableArray<string> AcceptedProtocols { get; init; } = ["UDP/TLS/RTP/SAVPF", "UDP/TLS/RTP/SAVP"];

    /// <summary>The media type the bridge carries. Default <c>audio</c>.</summary>
    public string MediaType { get; init; } = "audio";

    /// <summary>Whether to write <c>a=ice-lite</c> (the bridge answers checks but never sends its own). Default true.</summary>
    public bool IceLite { get; init; } = true;

    /// <summary>
    /// Our DTLS role when answering an <c>actpass</c> offer: <see cref="DtlsSetup.Passive"/> (default; we wait
    /// for the browser's ClientHello) or <see cref="DtlsSetup.Active"/>. Offers always say <c>actpass</c>.
    /// </summary>
    public DtlsSetup AnswerSetup { get; init; } = DtlsSetup.Passive;

    /// <summary>Whether our offers carry <c>a=group:BUNDLE</c> (Chromium with <c>max-bundle</c> expects one). Default true. Answers bundle when the offer did.</summary>
    public bool Bundle { get; init; } = true;

    /// <summary>Whose order the formats of an answer follow. Default ours (so Opus comes first).</summary>
    public CodecPreference CodecOrder { get; init; } = CodecPreference.Answerer;

    /// <summary>Answer with a single audio codec (plus its telephone-event). Default false.</summary>
    public bool SingleCodec { get; init; }

    /// <summary>The <c>a=ptime</c> we write, or null for none (default; browsers choose).</summary>
    public int? Ptime { get; init; }

    /// <summary>The foundation of the host candidate. Default <c>1</c>.</summary>
    public string CandidateFoundation { get; init; } = "1";

    /// <summary>Whether to write <c>a=end-of-candidates</c> (an ICE-lite agent has no more to trickle). Default true.</summary>
    public bool EndOfCandidates { get; init; } = true;

    /// <summary>Our sending SSRC, announced as <c>a=ssrc:&lt;ssrc&gt; cname:&lt;cname&gt;</c>; null for none.</summary>
    public uint? Ssrc { get; init; }

    /// <summary>The RTCP CNAME for <see cref="Ssrc"/>. Default <c>rethink-ims</c>.</summary>
    public string Cname { get; init; } = "rethink-ims";

    /// <summary>The MediaStream id for <c>a=msid</c>; written only with a <see cref="TrackId"/>. Default <c>-</c> (no stream).</summary>
    public string StreamId { get; init; } = "-";

    /// <summary>The track id for <c>a=msid</c>, or null to write no <c>a=msid</c>.</summary>
    public string? TrackId { get; init; }

    /// <summary>The <c>s=</c> value. Default <c>-</c>.</summary>
    public string SessionName { get; init; } = "-";
}
