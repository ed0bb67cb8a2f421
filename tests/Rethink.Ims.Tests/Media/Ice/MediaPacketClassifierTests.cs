using FsCheck.Xunit;
using Rethink.Ims.Media.Ice;

namespace Rethink.Ims.Tests.Media.Ice;

public class MediaPacketClassifierTests
{
    [Property]
    public void Every_first_octet_is_classified_by_its_RFC_7983_range(byte first, byte second)
    {
        var kind = MediaPacketClassifier.Classify([first, second, 0, 0]);

        var expected = first switch
        {
            <= 3 => MediaPacketKind.Stun,
            >= 20 and <= 63 => MediaPacketKind.Dtls,
            >= 128 and <= 191 when second is >= 192 and <= 223 => MediaPacketKind.Rtcp,
            >= 128 and <= 191 => MediaPacketKind.Rtp,
            _ => MediaPacketKind.Unknown,
        };
        Assert.Equal(expected, kind);
    }

    [Fact]
    public void All_256_first_octets_fall_in_the_RFC_7983_ranges()
    {
        var counts = new Dictionary<MediaPacketKind, int>();
        for (var b = 0; b < 256; b++)
        {
            var kind = MediaPacketClassifier.Classify([(byte)b, 0]);
            counts[kind] = counts.GetValueOrDefault(kind) + 1;
            if (b is 4 or 19 or 64 or 127 or 192 or 255)
            {
                Assert.Equal(MediaPacketKind.Unknown, kind);
            }
        }

        Assert.Equal(4, counts[MediaPacketKind.Stun]);
        Assert.Equal(44, counts[MediaPacketKind.Dtls]);
        Assert.Equal(64, counts[MediaPacketKind.Rtp]);
        Assert.Equal(256 - 4 - 44 - 64, counts[MediaPacketKind.Unknown]);
    }

    [Fact]
    public void Rtcp_is_told_from_rtp_by_the_packet_type()
    {
        Assert.Equal(MediaPacketKind.Rtcp, MediaPacketClassifier.Classify([0x80, 200, 0, 6])); // SR
        Assert.Equal(MediaPacketKind.Rtcp, MediaPacketClassifier.Classify([0x81, 205, 0, 2])); // RTPFB
        Assert.Equal(MediaPacketKind.Rtp, MediaPacketClassifier.Classify([0x80, 111, 0, 1])); // Opus
        Assert.Equal(MediaPacketKind.Rtp, MediaPacketClassifier.Classify([0x80, 0x80 | 111, 0, 1])); // Opus with marker
    }

    [Fact]
    public void An_empty_datagram_is_unknown() => Assert.Equal(MediaPacketKind.Unknown, MediaPacketClassifier.Classify([]));
}
