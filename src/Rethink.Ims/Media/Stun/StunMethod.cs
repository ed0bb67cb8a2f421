namespace Rethink.Ims.Media.Stun;

/// <summary>Well-known STUN methods (RFC 8489 §18.2; TURN methods in RFC 8656). Any 12-bit value may appear on the wire.</summary>
public static class StunMethod
{
    /// <summary>Binding: connectivity checks and reflexive addresses.</summary>
    public const int Binding = 0x001;
}
