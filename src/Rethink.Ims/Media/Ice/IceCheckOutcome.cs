namespace Rethink.Ims.Media.Ice;

/// <summary>What an ICE agent did with a received STUN datagram.</summary>
public enum IceCheckOutcome
{
    /// <summary>A valid check: answered with a success response; consent refreshed.</summary>
    Accepted = 0,

    /// <summary>A valid check with USE-CANDIDATE: answered, and its source is now the selected remote endpoint.</summary>
    Nominated,

    /// <summary>Not a well-formed STUN message: dropped silently.</summary>
    Malformed,

    /// <summary>FINGERPRINT missing or wrong (RFC 8445 §7 requires it on a muxed port): dropped silently.</summary>
    BadFingerprint,

    /// <summary>A STUN message that is not a Binding request (an indication, another method): ignored.</summary>
    Ignored,

    /// <summary>USERNAME, MESSAGE-INTEGRITY or PRIORITY missing: answered 400 Bad Request.</summary>
    BadRequest,

    /// <summary>USERNAME is not <c>local-ufrag:remote-ufrag</c>: answered 401 Unauthenticated.</summary>
    WrongUsername,

    /// <summary>MESSAGE-INTEGRITY does not verify with the local password: answered 401 Unauthenticated.</summary>
    BadIntegrity,

    /// <summary>Unknown comprehension-required attributes: answered 420 Unknown Attribute.</summary>
    UnknownAttributes,

    /// <summary>The peer claims the controlled role too: answered 487 Role Conflict (an ICE-lite agent is always controlled).</summary>
    RoleConflict,

    /// <summary>A response matching one of our outstanding requests (client side).</summary>
    ResponseHandled,

    /// <summary>A response that matches no outstanding request, or does not authenticate: dropped.</summary>
    UnmatchedResponse,

    /// <summary>The agent is closed: dropped.</summary>
    Closed,
}
