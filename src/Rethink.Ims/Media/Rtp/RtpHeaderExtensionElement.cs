namespace Rethink.Ims.Media.Rtp;

/// <summary>One RFC 8285 header extension element: its local identifier and its data.</summary>
public readonly ref struct RtpHeaderExtensionElement
{
    /// <summary>Creates an element.</summary>
    public RtpHeaderExtensionElement(int id, ReadOnlySpan<byte> data)
    {
        Id = id;
        Data = data;
    }

    /// <summary>Local identifier: 1..14 in the one-byte form, 1..255 in the two-byte form.</summary>
    public int Id { get; }

    /// <summary>The element's data.</summary>
    public ReadOnlySpan<byte> Data { get; }
}
