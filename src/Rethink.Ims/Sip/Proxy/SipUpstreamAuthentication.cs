namespace Rethink.Ims.Sip.Proxy;

/// <summary>How the edge authenticates the REGISTERs it relays to the IMS core.</summary>
public enum SipUpstreamAuthentication
{
    /// <summary>Not at all: the core trusts the edge (its address, a TLS connection); the user's credentials stay at the edge.</summary>
    None = 0,

    /// <summary>
    /// With an account configured per user (<see cref="SipRegistrationRelayOptions.Accounts"/>): the edge answers the core's
    /// 401/407 challenge itself (digest MD5 or SHA-256, qop auth or none). A user without an account is refused 403.
    /// </summary>
    StaticAccount = 1,

    /// <summary>
    /// The user's own Authorization goes to the core and the core's challenges go back to the user: the core authenticates.
    /// Put <see cref="SipRegistrationRelayMiddleware"/> before the local digest step then, so REGISTER is not challenged twice.
    /// </summary>
    PassThrough = 2,
}
