namespace Rethink.Ims.Media.Srtp;

/// <summary>
/// SRTP protection profiles, valued with their DTLS-SRTP identifiers (RFC 5764 §4.1.2, RFC 7714 §14.2,
/// IANA "DTLS-SRTP Protection Profiles").
/// </summary>
#pragma warning disable CA1707 // The names keep the registry's _80/_32 suffixes so they read as the RFCs do.
public enum SrtpProtectionProfile
{
    /// <summary>AES-128 counter mode, HMAC-SHA1 with an 80-bit tag (SRTCP 80-bit). The WebRTC mandatory profile.</summary>
    AesCm128HmacSha1_80 = 0x0001,

    /// <summary>AES-128 counter mode, HMAC-SHA1 with a 32-bit SRTP tag (SRTCP keeps 80 bits).</summary>
    AesCm128HmacSha1_32 = 0x0002,

    /// <summary>AES-128-GCM with a 16-octet tag (RFC 7714).</summary>
    AeadAes128Gcm = 0x0007,

    /// <summary>AES-256-GCM with a 16-octet tag (RFC 7714).</summary>
    AeadAes256Gcm = 0x0008,
}
#pragma warning restore CA1707
