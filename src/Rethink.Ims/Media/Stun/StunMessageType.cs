namespace Rethink.Ims.Media.Stun;

/// <summary>A STUN message type: a 12-bit method and a class, interleaved on the wire (RFC 8489 §5).</summary>
/// <param name="Method">The method, 0..0xFFF (see <see cref="StunMethod"/>).</param>
/// <param name="Class">The class.</param>
public readonly record struct StunMessageType(int Method, StunClass Class)
{
    /// <summary>Binding request.</summary>
    public static StunMessageType BindingRequest => new(StunMethod.Binding, StunClass.Request);

    /// <summary>Binding success response.</summary>
    public static StunMessageType BindingSuccess => new(StunMethod.Binding, StunClass.SuccessResponse);

    /// <summary>Binding error response.</summary>
    public static StunMessageType BindingError => new(StunMethod.Binding, StunClass.ErrorResponse);

    /// <summary>Binding indication.</summary>
    public static StunMessageType BindingIndication => new(StunMethod.Binding, StunClass.Indication);

    /// <summary>The 14-bit wire value: M11..M7 C1 M6..M4 C0 M3..M0.</summary>
    public ushort ToWire()
    {
        var m = Method & 0xFFF;
        var c = (int)Class & 3;
        return (ushort)((m & 0x000F) | ((c & 1) << 4) | ((m & 0x0070) << 1) | ((c & 2) << 7) | ((m & 0x0F80) << 2));
    }

    /// <summary>Decodes a wire value (the top two bits are ignored).</summary>
    public static StunMessageType FromWire(ushort value)
    {
        var method = (value & 0x000F) | ((value & 0x00E0) >> 1) | ((value & 0x3E00) >> 2);
        var cls = ((value >> 4) & 1) | ((value >> 7) & 2);
        return new StunMessageType(method, (StunClass)cls);
    }
}
