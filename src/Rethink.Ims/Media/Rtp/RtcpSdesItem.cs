namespace Rethink.Ims.Media.Rtp;

/// <summary>One SDES item with the SSRC/CSRC of the chunk it belongs to.</summary>
public readonly ref struct RtcpSdesItem
{
    /// <summary>Creates an item.</summary>
    public RtcpSdesItem(uint source, RtcpSdesItemType type, ReadOnlySpan<byte> value)
    {
        Source = source;
        Type = type;
        Value = value;
    }

    /// <summary>SSRC or CSRC of the chunk.</summary>
    public uint Source { get; }

    /// <summary>Item type.</summary>
    public RtcpSdesItemType Type { get; }

    /// <summary>Item text (UTF-8, not terminated).</summary>
    public ReadOnlySpan<byte> Value { get; }
}
