namespace Rethink.Ims.Media.Rtp;

/// <summary>
/// Walks the packets of a compound RTCP packet (RFC 3550 §6.1) without copying. Use with
/// <c>foreach</c> or <see cref="TryRead"/>; afterwards <see cref="Status"/> tells whether the whole
/// datagram was well formed.
/// </summary>
public ref struct RtcpCompoundReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _offset;
    private RtcpPacket _current;

    /// <summary>Creates a reader over a compound packet.</summary>
    public RtcpCompoundReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _offset = 0;
        _current = default;
        Status = data.IsEmpty ? RtcpReadStatus.Malformed : RtcpReadStatus.Reading;
    }

    /// <summary>Where the walk stands.</summary>
    public RtcpReadStatus Status { get; private set; }

    /// <summary>Offset of the next packet.</summary>
    public readonly int Offset => _offset;

    /// <summary>The current packet (for <c>foreach</c>).</summary>
    public readonly RtcpPacket Current => _current;

    /// <summary>Returns this reader (for <c>foreach</c>).</summary>
    public readonly RtcpCompoundReader GetEnumerator() => this;

    /// <summary>Moves to the next packet (for <c>foreach</c>).</summary>
    public bool MoveNext() => TryRead(out _current);

    /// <summary>Reads the next packet; false at the end or at a malformed packet (see <see cref="Status"/>).</summary>
    public bool TryRead(out RtcpPacket packet)
    {
        packet = default;
        if (Status != RtcpReadStatus.Reading)
        {
            return false;
        }

        if (_offset == _data.Length)
        {
            Status = RtcpReadStatus.End;
            return false;
        }

        if (!RtcpPacket.TryParse(_data[_offset..], out packet, out var length))
        {
            Status = RtcpReadStatus.Malformed;
            return false;
        }

        _offset += length;
        return true;
    }

    /// <summary>
    /// True when <paramref name="data"/> is a well-formed compound packet: every packet parses and the
    /// lengths add up to the datagram exactly. With <paramref name="requireReportFirst"/> the first packet
    /// must be an SR or RR, as RFC 3550 §6.1 asks (RFC 5506 reduced-size RTCP relaxes that).
    /// </summary>
    public static bool IsWellFormed(ReadOnlySpan<byte> data, bool requireReportFirst = false)
    {
        var reader = new RtcpCompoundReader(data);
        var first = true;
        while (reader.TryRead(out var packet))
        {
            if (first && requireReportFirst && packet.PacketType is not (RtcpPacketType.SenderReport or RtcpPacketType.ReceiverReport))
            {
                return false;
            }

            first = false;
        }

        return reader.Status == RtcpReadStatus.End;
    }
}
