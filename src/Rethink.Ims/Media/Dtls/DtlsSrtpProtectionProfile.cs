namespace Rethink.Ims.Media.Dtls;

/// <summary>
/// The SRTP protection profiles this DTLS layer negotiates in the <c>use_srtp</c> extension, valued with
/// their IANA DTLS-SRTP identifiers (RFC 5764 §4.1.2, RFC 7714 §14.2). The values equal those of the SRTP
/// layer's own profile enum, so a cast converts one into the other.
/// </summary>
#pragma warning disable CA1707 // The names keep the registry's _80/_32 suffixes so they read as the RFCs do.
public enum DtlsSrtpProtectionProfile
{
    /// <summary><c>SRTP_AES128_CM_HMAC_SHA1_80</c> (0x0001): the profile every WebRTC endpoint must support.</summary>
    Aes128CmHmacSha1_80 = 0x0001,

    /// <summary><c>SRTP_AES128_CM_HMAC_SHA1_32</c> (0x0002).</summary>
    Aes128CmHmacSha1_32 = 0x0002,

    /// <summary><c>SRTP_AEAD_AES_128_GCM</c> (0x0007, RFC 7714).</summary>
    AeadAes128Gcm = 0x0007,

    /// <summary><c>SRTP_AEAD_AES_256_GCM</c> (0x0008, RFC 7714).</summary>
    AeadAes256Gcm = 0x0008,
}
#pragma warning restore CA1707
