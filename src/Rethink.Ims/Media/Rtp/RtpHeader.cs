using System.Buffers.Binary;

namespace Rethink.Ims.Media.Rtp;

/// <summary>
/// The fields of an RTP fixed header (RFC 3550 §5.1) to write. CSRCs and the header extension are
/// passed to <see cref="TryWrite"/> as spans so that writing allocates nothing.
/// </summary>
/// <param name="PayloadType">Payload type, 0..127.</param>
/// <param name="SequenceNumber">Sequence number.</param>
/// <param name="Timestamp">RTP timestamp.</param>
/// <param name="Ssrc">Synchronization source.</param>
/// <param name="Marker">The marker bit.</param>
/// <param name="Padding">The P bit; the caller appends the padding itself.</param>
public readonly record struct RtpHeader(
    int PayloadType,
    ushort SequenceNumber,
    uint Timestamp,
    uint Ssrc,
    bool Marker = false,
    bool Padding = false)
{
    /// <summary>Length the header takes with <paramref name="csrcCount"/> CSRCs and an extension of <paramref name="extensionDataLength"/> octets (a multiple of 4), or none when negative.</summary>
    public static int GetLength(int csrcCount, int extensionDataLength = -1) =>
        RtpPacket.FixedHeaderLength + (4 * csrcCount) + (extensionDataLength < 0 ? 0 : 4 + extensionDataLength);

    /// <summary>
    /// Writes the header. With <paramref name="extensionProfile"/> non-null an extension is written with
    /// <paramref name="extensionData"/> (length a multiple of 4, e.g. from <see cref="RtpHeaderExtensionWriter"/>).
    /// Returns false when <paramref name="destination"/> is too small or an argument is out of range.
    /// </summary>
    public bool TryWrite(
        Span<byte> destination,
        out int bytesWritten,
        ReadOnlySpan<uint> csrcs = default,
        ushort? extensionProfile = null,
        ReadOnlySpan<byte> extensionData = default)
    {
        bytesWritten = 0;
        if (csrcs.Length > 15 || (uint)PayloadType > 127 || extensionData.Length % 4 != 0 || extensionData.Length > ushort.MaxValue * 4)
        {
            return false;
        }

        var length = GetLength(csrcs.Length, extensionProfile is null ? -1 : extensionData.Length);
        if (destination.Length < length)
        {
            return false;
        }

        destination[0] = (byte)(0x80 | (Padding ? 0x20 : 0) | (extensionProfile is null ? 0 : 0x10) | csrcs.Length);
        destination[1] = (byte)((Marker ? 0x80 : 0) | PayloadType);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], SequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], Timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], Ssrc);
        var offset = RtpPacket.FixedHeaderLength;
        foreach (var csrc in csrcs)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination[offset..], csrc);
            offset += 4;
        }

        if (extensionProfile is { } profile)
        {
            BinaryPrimitives.WriteUInt16BigEndian(destination[offset..], profile);
            BinaryPrimitives.WriteUInt16BigEndian(destination[(offset + 2)..], (ushort)(extensionData.Length / 4));
            extensionData.CopyTo(destination[(offset + 4)..]);
        }

        bytesWritten = length;
        return true;
    }

    /// <summary>Reads the fixed-header fields of a parsed packet.</summary>
    public static RtpHeader From(in RtpPacket packet) =>
        new(packet.PayloadType, packet.SequenceNumber, packet.Timestamp, packet.Ssrc, packet.Marker, packet.HasPadding);
}
