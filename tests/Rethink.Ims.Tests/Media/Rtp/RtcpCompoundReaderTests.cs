using System.Text;
using Rethink.Ims.Media.Rtp;

namespace Rethink.Ims.Tests.Media.Rtp;

public class RtcpCompoundReaderTests
{
    // SR with one report block, SDES with CNAME, PSFB PLI, BYE with reason.
    private static readonly byte[] Compound = Hex.Bytes("""
        81c8000c 11111111 e1234567 89abcdef 00001000 00000010 00000800
        22222222 05fffffe 0001ffff 00000020 12345678 00010000
        81ca0003 11111111 01046e616d65 0000
        81ce0002 11111111 22222222
        81cb0003 11111111 03627965 00000000
        """);

    [Fact]
    public void Walks_sr_sdes_feedback_and_bye_of_a_compound_packet()
    {
        var reader = new RtcpCompoundReader(Compound);

        Assert.True(reader.TryRead(out var sr));
        Assert.Equal(RtcpPacketType.SenderReport, sr.PacketType);
        Assert.True(sr.TryGetSenderInfo(out var info));
        Assert.Equal(new RtcpSenderInfo(0x11111111, 0xe123456789abcdef, 0x1000, 0x10, 0x800), info);
        Assert.True(sr.TryGetReportBlock(0, out var block));
        Assert.Equal(new RtcpReportBlock(0x22222222, 5, -2, 0x1ffff, 0x20, 0x12345678, 0x10000), block);
        Assert.False(sr.TryGetReportBlock(1, out _));

        Assert.True(reader.TryRead(out var sdes));
        Assert.Equal(RtcpPacketType.SourceDescription, sdes.PacketType);
        var items = sdes.SdesItems;
        Assert.True(items.TryRead(out var cname));
        Assert.Equal(RtcpSdesItemType.CName, cname.Type);
        Assert.Equal(0x11111111u, cname.Source);
        Assert.Equal("name", Encoding.ASCII.GetString(cname.Value));
        Assert.False(items.TryRead(out _));
        Assert.False(items.IsMalformed);

        Assert.True(reader.TryRead(out var pli));
        Assert.Equal(RtcpPacketType.PayloadSpecificFeedback, pli.PacketType);
        Assert.Equal(1, pli.Count); // FMT 1 = PLI
        Assert.True(pli.TryGetFeedback(out var media, out var fci));
        Assert.Equal(0x22222222u, media);
        Assert.True(fci.IsEmpty);

        Assert.True(reader.TryRead(out var bye));
        Assert.Equal(RtcpPacketType.Goodbye, bye.PacketType);
        Assert.True(bye.TryGetGoodbyeSource(0, out var source));
        Assert.Equal(0x11111111u, source);
        Assert.True(bye.TryGetGoodbyeReason(out var reason));
        Assert.Equal("bye", Encoding.ASCII.GetString(reason));

        Assert.False(reader.TryRead(out _));
        Assert.Equal(RtcpReadStatus.End, reader.Status);
        Assert.True(RtcpCompoundReader.IsWellFormed(Compound, requireReportFirst: true));
    }

    [Fact]
    public void A_length_past_the_datagram_stops_the_walk_as_malformed()
    {
        var truncated = Compound[..^4];
        var reader = new RtcpCompoundReader(truncated);
        var count = 0;
        foreach (var packet in reader)
        {
            count++;
        }

        while (reader.TryRead(out _))
        {
        }

        Assert.Equal(3, count);
        Assert.Equal(RtcpReadStatus.Malformed, reader.Status);
        Assert.False(RtcpCompoundReader.IsWellFormed(truncated));
    }

    [Fact]
    public void A_compound_packet_not_starting_with_a_report_fails_the_strict_check()
    {
        var withoutSr = Compound[52..];
        Assert.True(RtcpCompoundReader.IsWellFormed(withoutSr));
        Assert.False(RtcpCompoundReader.IsWellFormed(withoutSr, requireReportFirst: true));
    }

    [Theory]
    [InlineData(200, true)]
    [InlineData(206, true)]
    [InlineData(111, false)]
    [InlineData(0x80 | 96, false)] // RTP PT 96 with marker
    public void Rtcp_is_told_from_rtp_by_the_second_octet(int second, bool isRtcp) =>
        Assert.Equal(isRtcp, RtcpPacket.IsRtcp([0x80, (byte)second]));
}
