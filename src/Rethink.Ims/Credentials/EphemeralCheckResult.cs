namespace Rethink.Ims.Credentials;

/// <summary>
/// Outcome of an ephemeral credential check. Each value equals the return code Kamailio's
/// <c>autheph_check</c> family gives for the same outcome.
/// </summary>
public enum EphemeralCheckResult
{
    /// <summary>Accepted (Kamailio 1).</summary>
    Valid = 1,

    /// <summary>Malformed input: bad timestamp, wrong response length, invalid nonce (Kamailio -1).</summary>
    Malformed = -1,

    /// <summary>The password or digest response does not match any secret (Kamailio -2).</summary>
    WrongPassword = -2,

    /// <summary>The digest nonce is too old (Kamailio -4).</summary>
    StaleNonce = -4,

    /// <summary>No credentials for the challenged realm (Kamailio -5).</summary>
    NoCredentials = -5,

    /// <summary>The digest nonce or nonce count was used before (Kamailio -6).</summary>
    NonceReused = -6,

    /// <summary>The expiry in the username is in the past (Kamailio -7).</summary>
    Expired = -7,
}
