namespace Rethink.Ims.Media.Stun;

/// <summary>STUN message class (RFC 8489 §5).</summary>
public enum StunClass
{
    /// <summary>Request.</summary>
    Request = 0,

    /// <summary>Indication.</summary>
    Indication = 1,

    /// <summary>Success response.</summary>
    SuccessResponse = 2,

    /// <summary>Error response.</summary>
    ErrorResponse = 3,
}
