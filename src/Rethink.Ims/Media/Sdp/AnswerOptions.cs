using System.Collections.Immutable;

namespace Rethink.Ims.Media.Sdp;

/// <summary>What <see cref="OfferAnswer.CreateAnswer"/> may accept and how it describes our side.</summary>
public sealed record AnswerOptions
{
    /// <summary>Our <c>o=</c> line. Keep the session id and raise the version on every new answer in a dialog (<see cref="SdpOrigin.WithNextVersion"/>).</summary>
    public required SdpOrigin Origin { get; init; }

    /// <summary>Our media address, written as the session-level <c>c=</c> line.</summary>
    public required string Address { get; init; }

    /// <summary>Our RTP port for accepted streams (unless <see cref="PortForMedia"/> says otherwise).</summary>
    public required int Port { get; init; }

    /// <summary>Optional: the port for the accepted m-line at this index (given the offered description); overrides <see cref="Port"/>.</summary>
    public Func<int, MediaDescription, int>? PortForMedia { get; init; }

    /// <summary>The codecs we support, in our order of preference. Default PCMU, PCMA, telephone-event/8000.</summary>
    public ImmutableArray<SdpCodec> Codecs { get; init; } = [SdpCodec.Pcmu, SdpCodec.Pcma, SdpCodec.TelephoneEvent8000];

    /// <summary>The media type we accept. Default <c>audio</c>.</summary>
    public string MediaType { get; init; } = "audio";

    /// <summary>The transport protocols we accept (compared case-insensitively); others are rejected. Default <c>RTP/AVP</c>, <c>RTP/AVPF</c>.</summary>
    public ImmutableArray<string> Protocols { get; init; } = ["RTP/AVP", "RTP/AVPF"];

    /// <summary>What we are willing to do; the answer's direction is this intersected with the reverse of the offer's. Default sendrecv.</summary>
    public MediaDirection Direction { get; init; } = MediaDirection.SendRecv;

    /// <summary>Whose order the answer's formats follow. Default the offerer's.</summary>
    public CodecPreference CodecOrder { get; init; } = CodecPreference.Offerer;

    /// <summary>Answer with only the first matching codec (plus its telephone-event), so the peer cannot switch codecs mid-call. Default false.</summary>
    public bool SingleCodec { get; init; }

    /// <summary>The <c>a=ptime</c> to write on accepted streams, or null for none.</summary>
    public int? Ptime { get; init; }

    /// <summary>Whether to accept an offered <c>a=rtcp-mux</c> (RFC 5761). Default false.</summary>
    public bool RtcpMux { get; init; }

    /// <summary>Accept at most this many streams; later eligible m-lines are rejected. Default 1 (one call leg, one port).</summary>
    public int MaxAcceptedMedia { get; init; } = 1;

    /// <summary>The <c>s=</c> value. Default <c>-</c>.</summary>
    public string SessionName { get; init; } = "-";
}
