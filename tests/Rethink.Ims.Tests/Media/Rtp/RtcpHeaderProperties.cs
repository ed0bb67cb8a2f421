using FsCheck.Xunit;
using Rethink.Ims.Media.Rtp;

namespace Rethink.Ims.Tests.Media.Rtp;

public class RtcpHeaderProperties
{
    [Property]
    public void Written_headers_parse_back(byte count, byte type, ushort words, uint ssrc)
    {
        var packetLength = 4 * (1 + Math.Max((int)words % 64, 1));
        var buffer = new byte[packetLength];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(4), ssrc);

        Assert.True(RtcpPacket.TryWriteHeader(buffer, count & 31, (RtcpPacketType)type, packetLength));

        Assert.True(RtcpPacket.TryParse(buffer, out var packet, out var length));
        Assert.Equal(packetLength, length);
        Assert.Equal(count & 31, packet.Count);
        Assert.Equal((RtcpPacketType)type, packet.PacketType);
        Assert.Equal(ssrc, packet.Ssrc);
        Assert.Equal(RtcpReadStatus.End, ReadAll(buffer));
    }

    private static RtcpReadStatus ReadAll(byte[] data)
    {
        var reader = new RtcpCompoundReader(data);
        while (reader.TryRead(out _))
        {
        }

        return reader.Status;
    }
}
