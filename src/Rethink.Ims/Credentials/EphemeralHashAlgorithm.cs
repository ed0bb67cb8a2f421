namespace Rethink.Ims.Credentials;

/// <summary>
/// The HMAC used to sign an ephemeral username. The numeric values are those of
/// Kamailio <c>auth_ephemeral</c>'s <c>sha_algorithm</c> parameter.
/// </summary>
public enum EphemeralHashAlgorithm
{
    /// <summary>HMAC-SHA1 (Kamailio's default, and the only one coturn knows); 28-character password.</summary>
    Sha1 = 0,

    /// <summary>HMAC-SHA256; 44-character password.</summary>
    Sha256 = 1,

    /// <summary>HMAC-SHA384; 64-character password.</summary>
    Sha384 = 2,

    /// <summary>HMAC-SHA512; 88-character password.</summary>
    Sha512 = 3,
}
