namespace Rethink.Ims.Media.Bridge;

/// <summary>Why a received datagram was not relayed.</summary>
public enum MediaDropReason
{
    /// <summary>Not STUN, DTLS, RTP or RTCP (RFC 7983 first octet), or not RTP/RTCP on a plain port.</summary>
    Garbage,

    /// <summary>Media arrived before the leg could handle it (no DTLS keys yet, no peer address).</summary>
    NotReady,

    /// <summary>Media from an address other than the one ICE selected or the plain peer latched.</summary>
    WrongSource,

    /// <summary>An SRTP or SRTCP packet whose authentication tag did not verify.</summary>
    SrtpAuthentication,

    /// <summary>An SRTP or SRTCP packet already received (or older than the replay window).</summary>
    SrtpReplay,

    /// <summary>Any other SRTP refusal (too short, bad header, stream limit).</summary>
    SrtpOther,

    /// <summary>An RTP or RTCP packet that does not parse.</summary>
    Malformed,

    /// <summary>A payload type not negotiated on the leg.</summary>
    UnknownPayloadType,

    /// <summary>The codec could not decode the payload.</summary>
    TranscodeFailed,

    /// <summary>The socket refused to send.</summary>
    SendFailed,

    /// <summary>The other leg cannot take the packet (no codec or telephone-event to send it as).</summary>
    NoRoute,
}
