using Rethink.Ims.Media.Rtp;

namespace Rethink.Ims.Fuzz;

/// <summary>
/// RTP and RTCP packets as a muxed port receives them: <see cref="RtpPacket.TryParse"/> with its
/// header extensions, and <see cref="RtcpCompoundReader"/> with every packet's parts.
/// Law: the fixed header, CSRCs and extension written back from a parsed RTP packet are its bytes.
/// </summary>
internal static class RtpTarget
{
    private static long sink;

    public static void Run(byte[] input)
    {
        _ = RtcpPacket.IsRtcp(input);
        Rtp(input);
        Rtcp(input);
    }

    private static void Rtp(byte[] input)
    {
        var parsed = RtpPacket.TryParse(input, out var packet);
        if (RtpPacket.TryGetHeaderLength(input, out var headerLength) != parsed && parsed)
        {
            throw new LawViolationException("TryParse succeeded where TryGetHeaderLength failed");
        }

        if (!parsed)
        {
            return;
        }

        if (headerLength != packet.HeaderLength || packet.HeaderLength + packet.PaddingLength > input.Length)
        {
            throw new LawViolationException($"header {packet.HeaderLength} (or {headerLength}) and padding {packet.PaddingLength} do not fit {input.Length} bytes");
        }

        Span<uint> csrcs = stackalloc uint[packet.CsrcCount];
        for (var i = 0; i < csrcs.Length; i++)
        {
            csrcs[i] = packet.GetCsrc(i);
        }

        foreach (var element in packet.Extensions)
        {
            sink += element.Id + element.Data.Length;
        }

        sink += packet.Payload.Length + packet.Version;
        var header = RtpHeader.From(packet);
        var written = new byte[packet.HeaderLength];
        ushort? profile = packet.HasExtension ? packet.ExtensionProfile : null;
        if (!header.TryWrite(written, out var length, csrcs, profile, packet.ExtensionData)
            || length != packet.HeaderLength
            || !written.AsSpan().SequenceEqual(input.AsSpan(0, length)))
        {
            throw new LawViolationException("the header written from a parsed packet differs from its bytes");
        }
    }

    private static void Rtcp(byte[] input)
    {
        _ = RtcpCompoundReader.IsWellFormed(input);
        _ = RtcpCompoundReader.IsWellFormed(input, requireReportFirst: true);
        var reader = new RtcpCompoundReader(input);
        while (reader.TryRead(out var packet))
        {
            sink += packet.Count + (int)packet.PacketType + packet.LengthInWords + packet.Body.Length + packet.Ssrc;
            if (packet.TryGetSenderInfo(out var info))
            {
                sink += info.GetHashCode();
            }

            for (var i = 0; i <= packet.ReportBlockCount; i++)
            {
                sink += packet.TryGetReportBlock(i, out var block) ? block.GetHashCode() : 0;
            }

            foreach (var item in packet.SdesItems)
            {
                sink += item.Source + (int)item.Type + item.Value.Length;
            }

            for (var i = 0; i <= 31; i++)
            {
                sink += packet.TryGetGoodbyeSource(i, out var source) ? source : 0;
            }

            sink += packet.TryGetGoodbyeReason(out var reason) ? reason.Length : 0;
            sink += packet.TryGetApplicationData(out var name, out var data) ? name.Length + data.Length : 0;
            sink += packet.TryGetFeedback(out var mediaSsrc, out var fci) ? mediaSsrc + fci.Length : 0;
        }

        sink += (int)reader.Status;
    }

    public static IEnumerable<byte[]> Seeds() => [RtpWithExtension(), RtpWithPadding(), RtcpCompound()];

    private static byte[] RtpWithExtension()
    {
        // An RTP packet with two CSRCs and a one-byte extension, and one with padding.
        var extension = new byte[16];
        var writer = new RtpHeaderExtensionWriter(extension);
        writer.TryAdd(1, [0x8A]);
        writer.TryAdd(3, [1, 2, 3]);
        writer.Finish(out var extensionData);
        var packet = new byte[RtpHeader.GetLength(2, extensionData.Length) + 20];
        new RtpHeader(111, 4711, 160_000, 0x11223344, Marker: true)
            .TryWrite(packet, out _, [0xA, 0xB], writer.Profile, extensionData);
        return packet;
    }

    private static byte[] RtpWithPadding()
    {
        var padded = new byte[12 + 8 + 4];
        new RtpHeader(0, 1, 160, 0x55667788, Padding: true).TryWrite(padded, out _);
        padded[^1] = 4;
        return padded;
    }

    private static byte[] RtcpCompound()
    {
        // RTCP: a receiver report with one block followed by an SDES CNAME and a BYE with a reason.
        var rr = new byte[8 + RtcpReportBlock.Length];
        RtcpPacket.TryWriteHeader(rr, 1, RtcpPacketType.ReceiverReport, rr.Length);
        rr[7] = 1;
        var sdes = new byte[4 + 4 + 2 + 5 + 1];
        RtcpPacket.TryWriteHeader(sdes, 1, RtcpPacketType.SourceDescription, sdes.Length);
        sdes[7] = 1;
        sdes[8] = 1;
        sdes[9] = 5;
        "a@b.c"u8.CopyTo(sdes.AsSpan(10));
        var bye = new byte[4 + 4 + 4];
        RtcpPacket.TryWriteHeader(bye, 1, RtcpPacketType.Goodbye, bye.Length);
        bye[7] = 1;
        bye[8] = 3;
        "bye"u8.CopyTo(bye.AsSpan(9));
        return [.. rr, .. sdes, .. bye];
    }
}
