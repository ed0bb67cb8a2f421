using FsCheck;
using FsCheck.Xunit;
using Rethink.Ims.Media.Rtp;

namespace Rethink.Ims.Tests.Media.Rtp;

/// <summary>Laws of the RTP header reader and writer.</summary>
public class RtpPacketProperties
{
    [Property]
    public void Written_headers_read_back(byte payloadType, ushort sequenceNumber, uint timestamp, uint ssrc, bool marker, uint[] csrcs, byte[] payload)
    {
        csrcs = (csrcs ?? []).Take(15).ToArray();
        payload ??= [];
        var header = new RtpHeader(payloadType & 0x7F, sequenceNumber, timestamp, ssrc, marker);
        var buffer = new byte[RtpHeader.GetLength(csrcs.Length) + payload.Length];

        Assert.True(header.TryWrite(buffer, out var written, csrcs));
        payload.CopyTo(buffer, written);

        Assert.True(RtpPacket.TryParse(buffer, out var packet));
        Assert.Equal(header, RtpHeader.From(packet));
        Assert.Equal(2, packet.Version);
        Assert.Equal(csrcs.Length, packet.CsrcCount);
        var readCsrcs = new uint[packet.CsrcCount];
        for (var i = 0; i < readCsrcs.Length; i++)
        {
            readCsrcs[i] = packet.GetCsrc(i);
        }

        Assert.Equal(csrcs, readCsrcs);
        Assert.Equal(written, packet.HeaderLength);
        Assert.Equal(payload, packet.Payload.ToArray());
        Assert.False(packet.HasExtension);
    }

    [Property]
    public void One_byte_extension_elements_read_back(byte[][] values)
    {
        var elements = (values ?? []).Where(v => v is { Length: >= 1 and <= 16 }).Take(14).ToArray();
        Span<byte> data = stackalloc byte[256];
        var writer = new RtpHeaderExtensionWriter(data);
        for (var i = 0; i < elements.Length; i++)
        {
            Assert.True(writer.TryAdd(i + 1, elements[i]));
        }

        Assert.True(writer.Finish(out var extension));
        var packetBytes = WritePacket(writer.Profile, extension, [9, 9, 9]);

        Assert.True(RtpPacket.TryParse(packetBytes, out var packet));
        Assert.Equal(RtpHeaderExtensionReader.OneByteProfile, packet.ExtensionProfile);
        Assert.Equal([9, 9, 9], packet.Payload.ToArray());
        var read = new List<(int, byte[])>();
        var reader = packet.Extensions;
        foreach (var element in reader)
        {
            read.Add((element.Id, element.Data.ToArray()));
        }

        Assert.Equal(elements.Select((v, i) => (i + 1, v)), read);
    }

    [Property]
    public void Two_byte_extension_elements_read_back(byte[][] values)
    {
        var elements = (values ?? []).Where(v => v is { Length: <= 255 }).Take(20).ToArray();
        var data = new byte[8192];
        var writer = new RtpHeaderExtensionWriter(data, twoByte: true);
        for (var i = 0; i < elements.Length; i++)
        {
            Assert.True(writer.TryAdd(i + 1, elements[i]));
        }

        Assert.True(writer.Finish(out var extension));
        var packetBytes = WritePacket(writer.Profile, extension, []);

        Assert.True(RtpPacket.TryParse(packetBytes, out var packet));
        var read = new List<(int, byte[])>();
        var reader = packet.Extensions;
        while (reader.TryRead(out var element))
        {
            read.Add((element.Id, element.Data.ToArray()));
        }

        Assert.False(reader.IsMalformed);
        Assert.Equal(elements.Select((v, i) => (i + 1, v)), read);
    }

    [Property(MaxTest = 1000)]
    public void Garbage_never_throws(byte[] garbage)
    {
        garbage ??= [];
        if (RtpPacket.TryParse(garbage, out var packet))
        {
            _ = packet.Payload.Length + packet.ExtensionData.Length + packet.PaddingLength + packet.SequenceNumber;
            for (var i = 0; i < packet.CsrcCount; i++)
            {
                _ = packet.GetCsrc(i);
            }

            foreach (var element in packet.Extensions)
            {
                _ = element.Data.Length;
            }
        }

        var reader = new RtcpCompoundReader(garbage);
        while (reader.TryRead(out var rtcp))
        {
            _ = rtcp.TryGetSenderInfo(out _);
            for (var i = 0; i < 32; i++)
            {
                _ = rtcp.TryGetReportBlock(i, out _);
                _ = rtcp.TryGetGoodbyeSource(i, out _);
            }

            _ = rtcp.TryGetGoodbyeReason(out _);
            _ = rtcp.TryGetApplicationData(out _, out _);
            _ = rtcp.TryGetFeedback(out _, out _);
            foreach (var item in rtcp.SdesItems)
            {
                _ = item.Value.Length;
            }
        }
    }

    [Fact]
    public void Padding_is_excluded_from_the_payload()
    {
        var bytes = new byte[12 + 3 + 4];
        new RtpHeader(0, 1, 2, 3, Padding: true).TryWrite(bytes, out _);
        bytes[^1] = 4;

        Assert.True(RtpPacket.TryParse(bytes, out var packet));
        Assert.Equal(3, packet.Payload.Length);
        Assert.Equal(4, packet.PaddingLength);
    }

    [Theory]
    [InlineData("00000000000000000000000000")] // version 0
    [InlineData("8f0000000000000000000000")] // 15 CSRCs announced, none present
    [InlineData("900000000000000000000000bede0005")] // extension of 5 words announced, none present
    [InlineData("a00000000000000000000000ff")] // padding longer than the packet
    [InlineData("800000000000000000")] // shorter than the fixed header
    public void Malformed_packets_are_refused(string hex) =>
        Assert.False(RtpPacket.TryParse(Hex.Bytes(hex), out _));

    [Fact]
    public void Reserved_one_byte_id_15_stops_extension_processing()
    {
        byte[] data = [0x10, 0xAA, 0xF0, 0x00, 0x20, 0xBB, 0x00, 0x00];
        var reader = new RtpHeaderExtensionReader(RtpHeaderExtensionReader.OneByteProfile, data);

        Assert.True(reader.TryRead(out var first));
        Assert.Equal(1, first.Id);
        Assert.False(reader.TryRead(out _));
    }

    [Fact]
    public void Extension_element_running_past_the_data_is_malformed()
    {
        byte[] data = [0x13, 0xAA, 0x00, 0x00]; // id 1, 4 octets, only 3 present
        var reader = new RtpHeaderExtensionReader(RtpHeaderExtensionReader.OneByteProfile, data);

        Assert.False(reader.TryRead(out _));
        Assert.True(reader.IsMalformed);
    }

    private static byte[] WritePacket(ushort profile, ReadOnlySpan<byte> extension, byte[] payload)
    {
        var buffer = new byte[RtpHeader.GetLength(0, extension.Length) + payload.Length];
        Assert.True(new RtpHeader(100, 1, 2, 3).TryWrite(buffer, out var written, default, profile, extension));
        payload.CopyTo(buffer, written);
        return buffer;
    }
}
