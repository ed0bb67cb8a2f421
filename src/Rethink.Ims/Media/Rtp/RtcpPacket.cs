using System.Buffers.Binary;

namespace Rethink.Ims.Media.Rtp;

/// <summary>
/// A read-only view of one RTCP packet (RFC 3550 §6.4–6.7, RFC 4585 §6.1) inside a compound packet.
/// The common header is checked when the view is made; the typed accessors check their own bounds
/// and return false rather than read past the packet. Feedback and XR packets are exposed raw.
/// </summary>
public readonly ref struct RtcpPacket
{
    /// <summary>Length of the common RTCP header.</summary>
    public const int HeaderLength = 4;

    private const int SenderInfoLength = 24;

    private readonly ReadOnlySpan<byte> _packet;
    private readonly int _paddingLength;

    private RtcpPacket(ReadOnlySpan<byte> packet, int paddingLength)
    {
        _packet = packet;
        _paddingLength = paddingLength;
    }

    /// <summary>The whole packet, header and padding included.</summary>
    public ReadOnlySpan<byte> Span => _packet;

    /// <summary>The P bit.</summary>
    public bool HasPadding => (_packet[0] & 0x20) != 0;

    /// <summary>The 5-bit count field: report count (SR/RR), source count (SDES/BYE), subtype (APP) or FMT (feedback).</summary>
    public int Count => _packet[0] & 0x1F;

    /// <summary>The packet type octet (see <see cref="RtcpPacketType"/>).</summary>
    public RtcpPacketType PacketType => (RtcpPacketType)_packet[1];

    /// <summary>The length field: packet length in 32-bit words minus one.</summary>
    public int LengthInWords => BinaryPrimitives.ReadUInt16BigEndian(_packet[2..]);

    /// <summary>The body after the common header, without padding.</summary>
    public ReadOnlySpan<byte> Body => _packet[HeaderLength..(_packet.Length - _paddingLength)];

    /// <summary>The first 32-bit word of the body: the sender SSRC of SR, RR, BYE, APP and feedback; 0 when absent.</summary>
    public uint Ssrc => Body.Length >= 4 ? BinaryPrimitives.ReadUInt32BigEndian(Body) : 0;

    /// <summary>Number of report blocks an SR or RR says it carries (0 for other types).</summary>
    public int ReportBlockCount => PacketType is RtcpPacketType.SenderReport or RtcpPacketType.ReceiverReport ? Count : 0;

    /// <summary>SDES items, when this is an SDES packet.</summary>
    public RtcpSdesReader SdesItems =>
        new(PacketType == RtcpPacketType.SourceDescription ? Body : default, PacketType == RtcpPacketType.SourceDescription ? Count : 0);

    /// <summary>Reads the sender information of an SR.</summary>
    public bool TryGetSenderInfo(out RtcpSenderInfo info)
    {
        info = default;
        var body = Body;
        if (PacketType != RtcpPacketType.SenderReport || body.Length < SenderInfoLength)
        {
            return false;
        }

        info = new RtcpSenderInfo(
            BinaryPrimitives.ReadUInt32BigEndian(body),
            BinaryPrimitives.ReadUInt64BigEndian(body[4..]),
            BinaryPrimitives.ReadUInt32BigEndian(body[12..]),
            BinaryPrimitives.ReadUInt32BigEndian(body[16..]),
            BinaryPrimitives.ReadUInt32BigEndian(body[20..]));
        return true;
    }

    /// <summary>Reads report block <paramref name="index"/> of an SR or RR; false when absent or truncated.</summary>
    public bool TryGetReportBlock(int index, out RtcpReportBlock block)
    {
        block = default;
        if (index < 0 || index >= ReportBlockCount)
        {
            return false;
        }

        var start = (PacketType == RtcpPacketType.SenderReport ? SenderInfoLength : 4) + (index * RtcpReportBlock.Length);
        var body = Body;
        if (start + RtcpReportBlock.Length > body.Length)
        {
            return false;
        }

        var b = body.Slice(start, RtcpReportBlock.Length);
        var lost = (b[5] << 16) | (b[6] << 8) | b[7];
        if ((lost & 0x800000) != 0)
        {
            lost -= 0x1000000; // sign-extend 24 bits
        }

        block = new RtcpReportBlock(
            BinaryPrimitives.ReadUInt32BigEndian(b),
            b[4],
            lost,
            BinaryPrimitives.ReadUInt32BigEndian(b[8..]),
            BinaryPrimitives.ReadUInt32BigEndian(b[12..]),
            BinaryPrimitives.ReadUInt32BigEndian(b[16..]),
            BinaryPrimitives.ReadUInt32BigEndian(b[20..]));
        return true;
    }

    /// <summary>Reads SSRC/CSRC <paramref name="index"/> of a BYE; false when absent or truncated.</summary>
    public bool TryGetGoodbyeSource(int index, out uint source)
    {
        source = 0;
        var body = Body;
        if (PacketType != RtcpPacketType.Goodbye || index < 0 || index >= Count || (4 * (index + 1)) > body.Length)
        {
            return false;
        }

        source = BinaryPrimitives.ReadUInt32BigEndian(body[(4 * index)..]);
        return true;
    }

    /// <summary>Reads the optional reason text of a BYE; false when there is none or it is truncated.</summary>
    public bool TryGetGoodbyeReason(out ReadOnlySpan<byte> reason)
    {
        reason = default;
        var body = Body;
        var start = 4 * Count;
        if (PacketType != RtcpPacketType.Goodbye || start >= body.Length)
        {
            return false;
        }

        var length = body[start];
        if (start + 1 + length > body.Length)
        {
            return false;
        }

        reason = body.Slice(start + 1, length);
        return true;
    }

    /// <summary>Reads the 4-character name and the data of an APP packet.</summary>
    public bool TryGetApplicationData(out ReadOnlySpan<byte> name, out ReadOnlySpan<byte> data)
    {
        name = default;
        data = default;
        var body = Body;
        if (PacketType != RtcpPacketType.ApplicationDefined || body.Length < 8)
        {
            return false;
        }

        name = body.Slice(4, 4);
        data = body[8..];
        return true;
    }

    /// <summary>
    /// Reads the media source and the raw feedback control information of an RTPFB or PSFB packet
    /// (RFC 4585 §6.1); <see cref="Count"/> is the FMT.
    /// </summary>
    public bool TryGetFeedback(out uint mediaSsrc, out ReadOnlySpan<byte> feedbackControlInformation)
    {
        mediaSsrc = 0;
        feedbackControlInformation = default;
        var body = Body;
        if (PacketType is not (RtcpPacketType.TransportFeedback or RtcpPacketType.PayloadSpecificFeedback) || body.Length < 8)
        {
            return false;
        }

        mediaSsrc = BinaryPrimitives.ReadUInt32BigEndian(body[4..]);
        feedbackControlInformation = body[8..];
        return true;
    }

    /// <summary>
    /// Writes a common RTCP header: version 2, <paramref name="count"/> (0..31) in the RC/SC/FMT field, the packet type
    /// and the length field for a packet of <paramref name="packetLength"/> octets (a multiple of 4, header included).
    /// False when out of range or <paramref name="destination"/> is shorter than 4 octets.
    /// </summary>
    public static bool TryWriteHeader(Span<byte> destination, int count, RtcpPacketType packetType, int packetLength, bool padding = false)
    {
        if (destination.Length < HeaderLength || (uint)count > 31 || (uint)packetType > 255 ||
            packetLength < HeaderLength || packetLength % 4 != 0 || packetLength > (ushort.MaxValue + 1) * 4)
        {
            return false;
        }

        destination[0] = (byte)(0x80 | (padding ? 0x20 : 0) | count);
        destination[1] = (byte)packetType;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)((packetLength / 4) - 1));
        return true;
    }

    /// <summary>
    /// True when the first octets look like RTCP rather than RTP on a multiplexed port (RFC 5761 §4:
    /// the second octet is 192..223, i.e. an RTP payload type 64..95 with the marker bit).
    /// </summary>
    public static bool IsRtcp(ReadOnlySpan<byte> packet) => packet.Length >= 2 && packet[1] is >= 192 and <= 223;

    /// <summary>
    /// Parses one RTCP packet at the start of <paramref name="data"/>: version 2, length within the data,
    /// padding within the packet. <paramref name="length"/> is the packet's size on the wire.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> data, out RtcpPacket packet, out int length)
    {
        packet = default;
        length = 0;
        if (data.Length < HeaderLength || (data[0] >> 6) != 2)
        {
            return false;
        }

        var size = (BinaryPrimitives.ReadUInt16BigEndian(data[2..]) + 1) * 4;
        if (size > data.Length)
        {
            return false;
        }

        var padding = 0;
        if ((data[0] & 0x20) != 0)
        {
            padding = data[size - 1];
            if (padding == 0 || padding > size - HeaderLength)
            {
                return false;
            }
        }

        packet = new RtcpPacket(data[..size], padding);
        length = size;
        return true;
    }
}
