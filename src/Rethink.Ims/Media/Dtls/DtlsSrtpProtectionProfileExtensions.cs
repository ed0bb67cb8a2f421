namespace Rethink.Ims.Media.Dtls;

/// <summary>Key and salt lengths of each <see cref="DtlsSrtpProtectionProfile"/> (RFC 5764 §4.1.2, RFC 7714 §14.2).</summary>
public static class DtlsSrtpProtectionProfileExtensions
{
    /// <summary>Whether <paramref name="profile"/> is one of the four profiles this layer knows.</summary>
    public static bool IsDefined(this DtlsSrtpProtectionProfile profile) => profile switch
    {
        DtlsSrtpProtectionProfile.Aes128CmHmacSha1_80 or DtlsSrtpProtectionProfile.Aes128CmHmacSha1_32
            or DtlsSrtpProtectionProfile.AeadAes128Gcm or DtlsSrtpProtectionProfile.AeadAes256Gcm => true,
        _ => false,
    };

    /// <summary>Master key length in octets: 16, or 32 for AEAD_AES_256_GCM.</summary>
    public static int MasterKeyLength(this DtlsSrtpProtectionProfile profile) => profile switch
    {
        DtlsSrtpProtectionProfile.Aes128CmHmacSha1_80 or DtlsSrtpProtectionProfile.Aes128CmHmacSha1_32
            or DtlsSrtpProtectionProfile.AeadAes128Gcm => 16,
        DtlsSrtpProtectionProfile.AeadAes256Gcm => 32,
        _ => throw new ArgumentOutOfRangeException(nameof(profile), profile, "Unknown SRTP protection profile."),
    };

    /// <summary>Master salt length in octets: 14 for the AES-CM profiles, 12 for AEAD (RFC 7714 §12).</summary>
    public static int MasterSaltLength(this DtlsSrtpProtectionProfile profile) => profile switch
    {
        DtlsSrtpProtectionProfile.Aes128CmHmacSha1_80 or DtlsSrtpProtectionProfile.Aes128CmHmacSha1_32 => 14,
        DtlsSrtpProtectionProfile.AeadAes128Gcm or DtlsSrtpProtectionProfile.AeadAes256Gcm => 12,
        _ => throw new ArgumentOutOfRangeException(nameof(profile), profile, "Unknown SRTP protection profile."),
    };

    /// <summary>
    /// Octets exported with the label <c>EXTRACTOR-dtls_srtp</c>: 2 × (key + salt), so 60 for the AES-CM
    /// profiles, 56 for AEAD_AES_128_GCM and 88 for AEAD_AES_256_GCM.
    /// </summary>
    public static int KeyingMaterialLength(this DtlsSrtpProtectionProfile profile) =>
        2 * (profile.MasterKeyLength() + profile.MasterSaltLength());

    /// <summary>The registry name, for example <c>SRTP_AES128_CM_HMAC_SHA1_80</c>.</summary>
    public static string ToRegistryName(this DtlsSrtpProtectionProfile profile) => profile switch
    {
        DtlsSrtpProtectionProfile.Aes128CmHmacSha1_80 => "SRTP_AES128_CM_HMAC_SHA1_80",
        DtlsSrtpProtectionProfile.Aes128CmHmacSha1_32 => "SRTP_AES128_CM_HMAC_SHA1_32",
        DtlsSrtpProtectionProfile.AeadAes128Gcm => "SRTP_AEAD_AES_128_GCM",
        DtlsSrtpProtectionProfile.AeadAes256Gcm => "SRTP_AEAD_AES_256_GCM",
        _ => throw new ArgumentOutOfRangeException(nameof(profile), profile, "Unknown SRTP protection profile."),
    };
}
