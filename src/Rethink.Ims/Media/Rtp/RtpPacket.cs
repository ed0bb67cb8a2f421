using System.Buffers.Binary;

namespace Rethink.Ims.Media.Rtp;

/// <summary>
/// A read-only view of an RTP packet (RFC 3550 §5.1) over the caller's bytes. Parsing checks every
/// length against the buffer, so the accessors never read past it; nothing is copied or allocated.
/// </summary>
public readonly ref struct RtpPacket
{
    /// <summary>Length of the fixed header, before CSRCs and extension.</summary>
    public const int FixedHeaderLength = 12;

    private readonly ReadOnlySpan<byte> _packet;
    private readonly int _headerLength;
    private readonly int _paddingLength;

    private RtpPacket(ReadOnlySpan<byte> packet, int headerLength, int paddingLength)
    {
        _packet = packet;
        _headerLength = headerLength;
        _paddingLength = paddingLength;
    }

    /// <summary>The whole packet.</summary>
    public ReadOnlySpan<byte> Span => _packet;

    /// <summary>RTP version; always 2 for a parsed packet.</summary>
    public int Version => _packet[0] >> 6;

    /// <summary>The P bit: the payload ends with padding whose last octet is its length.</summary>
    public bool HasPadding => (_packet[0] & 0x20) != 0;

    /// <summary>The X bit: a header extension follows the CSRCs.</summary>
    public bool HasExtension => (_packet[0] & 0x10) != 0;

    /// <summary>Number of CSRC identifiers (0..15).</summary>
    public int CsrcCount => _packet[0] & 0x0F;

    /// <summary>The marker bit.</summary>
    public bool Marker => (_packet[1] & 0x80) != 0;

    /// <summary>Payload type (0..127).</summary>
    public int PayloadType => _packet[1] & 0x7F;

    /// <summary>Sequence number.</summary>
    public ushort SequenceNumber => BinaryPrimitives.ReadUInt16BigEndian(_packet[2..]);

    /// <summary>RTP timestamp.</summary>
    public uint Timestamp => BinaryPrimitives.ReadUInt32BigEndian(_packet[4..]);

    /// <summary>Synchronization source.</summary>
    public uint Ssrc => BinaryPrimitives.ReadUInt32BigEndian(_packet[8..]);

    /// <summary>Header length: fixed header, CSRCs and extension (with its 4-octet preamble).</summary>
    public int HeaderLength => _headerLength;

    /// <summary>Extension profile (0xBEDE one-byte, 0x100x two-byte, or another), or 0 without extension.</summary>
    public ushort ExtensionProfile =>
        HasExtension ? BinaryPrimitives.ReadUInt16BigEndian(_packet[(FixedHeaderLength + (4 * CsrcCount))..]) : (ushort)0;

    /// <summary>Extension data after the 4-octet extension preamble; empty without extension.</summary>
    public ReadOnlySpan<byte> ExtensionData
    {
        get
        {
            if (!HasExtension)
            {
                return default;
            }

            var start = FixedHeaderLength + (4 * CsrcCount) + 4;
            return _packet[start.._headerLength];
        }
    }

    /// <summary>Header extension elements (RFC 8285); empty unless the profile is one-byte or two-byte.</summary>
    public RtpHeaderExtensionReader Extensions => new(ExtensionProfile, ExtensionData);

    /// <summary>Number of padding octets at the end, including the count octet; 0 without padding.</summary>
    public int PaddingLength => _paddingLength;

    /// <summary>The payload, without header and padding.</summary>
    public ReadOnlySpan<byte> Payload => _packet[_headerLength..(_packet.Length - _paddingLength)];

    /// <summary>Returns CSRC <paramref name="index"/> (0-based, below <see cref="CsrcCount"/>).</summary>
    public uint GetCsrc(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, CsrcCount);
        return BinaryPrimitives.ReadUInt32BigEndian(_packet[(FixedHeaderLength + (4 * index))..]);
    }

    /// <summary>
    /// Parses <paramref name="packet"/>. Returns false when it is not a well-formed RTP packet (version
    /// other than 2, CSRCs, extension or padding longer than the buffer); never throws.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> packet, out RtpPacket rtp)
    {
        rtp = default;
        if (!TryGetHeaderLength(packet, out var headerLength))
        {
            return false;
        }

        var padding = 0;
        if ((packet[0] & 0x20) != 0)
        {
            padding = packet[^1];
            if (padding == 0 || headerLength + padding > packet.Length)
            {
                return false;
            }
        }

        rtp = new RtpPacket(packet, headerLength, padding);
        return true;
    }

    /// <summary>
    /// Finds the header length (fixed header, CSRCs and extension) of a version 2 packet without
    /// looking at padding. Used by SRTP, where the padding is encrypted.
    /// </summary>
    public static bool TryGetHeaderLength(ReadOnlySpan<byte> packet, out int headerLength)
    {
        headerLength = 0;
        if (packet.Length < FixedHeaderLength || (packet[0] >> 6) != 2)
        {
            return false;
        }

        var length = FixedHeaderLength + (4 * (packet[0] & 0x0F));
        if ((packet[0] & 0x10) != 0)
        {
            if (packet.Length < length + 4)
            {
                return false;
            }

            length += 4 + (4 * BinaryPrimitives.ReadUInt16BigEndian(packet[(length + 2)..]));
        }

        if (length > packet.Length)
        {
            return false;
        }

        headerLength = length;
        return true;
    }
}
