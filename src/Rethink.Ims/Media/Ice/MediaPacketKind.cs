namespace Rethink.Ims.Media.Ice;

/// <summary>What a datagram on a port shared by STUN, DTLS and RTP is, by its first octet (RFC 7983).</summary>
public enum MediaPacketKind
{
    /// <summary>Empty, or a first octet outside the ranges below (ZRTP, TURN channel, QUIC, ...): drop it.</summary>
    Unknown = 0,

    /// <summary>First octet 0..3: STUN.</summary>
    Stun,

    /// <summary>First octet 20..63: DTLS.</summary>
    Dtls,

    /// <summary>First octet 128..191 and a payload type that is not an RTCP packet type: RTP.</summary>
    Rtp,

    /// <summary>First octet 128..191 and a second octet 192..223 (RFC 5761 §4): RTCP.</summary>
    Rtcp,
}
