namespace Rethink.Ims.Sip.Auth;

/// <summary>Digest algorithms (RFC 7616 §3.3, RFC 8760 for SIP).</summary>
public enum SipDigestAlgorithm
{
    /// <summary><c>MD5</c>: what SIP.js and JsSIP support, and Kamailio's default.</summary>
    Md5,

    /// <summary><c>MD5-sess</c>: HA1 bound to the nonce and cnonce.</summary>
    Md5Sess,

    /// <summary><c>SHA-256</c>.</summary>
    Sha256,

    /// <summary><c>SHA-256-sess</c>.</summary>
    Sha256Sess,
}
