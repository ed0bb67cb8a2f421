namespace Rethink.Ims.Sip.Auth;

/// <summary>
/// The result of a digest check as a Kamailio <c>auth</c> module return code: <c>(int)result</c> is the code that
/// <c>auth_check</c> / <c>autheph_check</c> would return for the same request.
/// </summary>
public enum SipAuthResult
{
    /// <summary>1: authenticated.</summary>
    Authenticated = 1,

    /// <summary>-1: error or malformed credentials (forged or garbled nonce, wrong response length, bad timestamp, unsupported qop or algorithm).</summary>
    Malformed = -1,

    /// <summary>-2: the response matches no password.</summary>
    WrongPassword = -2,

    /// <summary>-3: the user is in no credential store (only when no ephemeral verifier is configured).</summary>
    UserUnknown = -3,

    /// <summary>-4: the nonce expired, or its nonce-count state was forgotten; answered with a challenge carrying <c>stale=true</c>.</summary>
    StaleNonce = -4,

    /// <summary>-5: no Digest credentials for the challenged realm.</summary>
    NoCredentials = -5,

    /// <summary>-6: the nonce-count was used before (a replay).</summary>
    NonceReused = -6,

    /// <summary>-7: the ephemeral username's expiry has passed.</summary>
    Expired = -7,

    /// <summary>-8: authenticated, but the From or To URI does not name the credential's user (see <see cref="SipDigestOptions.RequireFromMatch"/>).</summary>
    UserMismatch = -8,
}
