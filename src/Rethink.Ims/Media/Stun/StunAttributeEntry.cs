namespace Rethink.Ims.Media.Stun;

/// <summary>One attribute of a parsed STUN message: type, value (without padding) and offset of its header.</summary>
public readonly ref struct StunAttributeEntry
{
    /// <summary>Creates an attribute view.</summary>
    public StunAttributeEntry(ushort type, ReadOnlySpan<byte> value, int offset)
    {
        Type = type;
        Value = value;
        Offset = offset;
    }

    /// <summary>Attribute type (see <see cref="StunAttributeType"/>).</summary>
    public ushort Type { get; }

    /// <summary>The value, padding excluded.</summary>
    public ReadOnlySpan<byte> Value { get; }

    /// <summary>Offset of the attribute's type field from the start of the message.</summary>
    public int Offset { get; }
}
