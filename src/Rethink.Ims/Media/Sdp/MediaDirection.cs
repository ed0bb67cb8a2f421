namespace Rethink.Ims.Media.Sdp;

/// <summary>
/// A stream's direction (RFC 8866 §6.7), from the point of view of the side that wrote it. The values are
/// bit sets (1 = send, 2 = receive) so that intersecting two directions is a bitwise and.
/// </summary>
public enum MediaDirection
{
    /// <summary><c>a=inactive</c>: neither send nor receive.</summary>
    Inactive = 0,

    /// <summary><c>a=sendonly</c>.</summary>
    SendOnly = 1,

    /// <summary><c>a=recvonly</c>.</summary>
    RecvOnly = 2,

    /// <summary><c>a=sendrecv</c> (the default when no direction attribute is present).</summary>
    SendRecv = 3,
}
