using Rethink.Ims.Media.Rtp;

namespace Rethink.Ims.Media.Ice;

/// <summary>
/// Tells apart the protocols that share one UDP port on a WebRTC leg by the first octet (RFC 7983 §7):
/// 0..3 STUN, 20..63 DTLS, 128..191 RTP or RTCP (told apart by the second octet, RFC 5761 §4). Everything
/// else, and an empty datagram, is <see cref="MediaPacketKind.Unknown"/>. Looks at two octets at most, so it
/// does not say the packet is well formed; each protocol's reader checks that.
/// </summary>
public static class MediaPacketClassifier
{
    /// <summary>Classifies one received datagram.</summary>
    public static MediaPacketKind Classify(ReadOnlySpan<byte> datagram)
    {
        if (datagram.IsEmpty)
        {
            return MediaPacketKind.Unknown;
        }

        return datagram[0] switch
        {
            <= 3 => MediaPacketKind.Stun,
            >= 20 and <= 63 => MediaPacketKind.Dtls,
            >= 128 and <= 191 => RtcpPacket.IsRtcp(datagram) ? MediaPacketKind.Rtcp : MediaPacketKind.Rtp,
            _ => MediaPacketKind.Unknown,
        };
    }
}
