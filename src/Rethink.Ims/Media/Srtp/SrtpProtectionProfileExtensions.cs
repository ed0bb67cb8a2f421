namespace Rethink.Ims.Media.Srtp;

/// <summary>The parameters each <see cref="SrtpProtectionProfile"/> fixes (RFC 3711 §8.2, RFC 5764 §4.1.2, RFC 7714 §12).</summary>
public static class SrtpProtectionProfileExtensions
{
    /// <summary>True for the profiles this library implements (all four defined values).</summary>
    public static bool IsSupported(this SrtpProtectionProfile profile) => profile is
        SrtpProtectionProfile.AesCm128HmacSha1_80 or SrtpProtectionProfile.AesCm128HmacSha1_32 or
        SrtpProtectionProfile.AeadAes128Gcm or SrtpProtectionProfile.AeadAes256Gcm;

    /// <summary>True for the AEAD (GCM) profiles.</summary>
    public static bool IsAead(this SrtpProtectionProfile profile) =>
        profile is SrtpProtectionProfile.AeadAes128Gcm or SrtpProtectionProfile.AeadAes256Gcm;

    /// <summary>Master (and session) encryption key length in octets.</summary>
    public static int KeyLength(this SrtpProtectionProfile profile) =>
        profile == SrtpProtectionProfile.AeadAes256Gcm ? 32 : Check(profile, 16);

    /// <summary>Master (and session) salt length in octets: 14 for AES-CM, 12 for GCM.</summary>
    public static int SaltLength(this SrtpProtectionProfile profile) => profile.IsAead() ? 12 : Check(profile, 14);

    /// <summary>Session authentication key length in octets: 20 for HMAC-SHA1, 0 for GCM.</summary>
    public static int AuthKeyLength(this SrtpProtectionProfile profile) => profile.IsAead() ? 0 : Check(profile, 20);

    /// <summary>Authentication tag length of SRTP packets in octets.</summary>
    public static int RtpTagLength(this SrtpProtectionProfile profile) => profile switch
    {
        SrtpProtectionProfile.AesCm128HmacSha1_80 => 10,
        SrtpProtectionProfile.AesCm128HmacSha1_32 => 4,
        SrtpProtectionProfile.AeadAes128Gcm or SrtpProtectionProfile.AeadAes256Gcm => 16,
        _ => throw Unsupported(profile),
    };

    /// <summary>Authentication tag length of SRTCP packets in octets (80 bits for both HMAC-SHA1 profiles).</summary>
    public static int RtcpTagLength(this SrtpProtectionProfile profile) => profile.IsAead() ? 16 : Check(profile, 10);

    /// <summary>Octets SRTP protection adds to an RTP packet.</summary>
    public static int RtpOverhead(this SrtpProtectionProfile profile) => profile.RtpTagLength();

    /// <summary>Octets SRTCP protection adds to an RTCP packet: the E-flag and index word plus the tag.</summary>
    public static int RtcpOverhead(this SrtpProtectionProfile profile) => 4 + profile.RtcpTagLength();

    private static int Check(SrtpProtectionProfile profile, int value) =>
        profile.IsSupported() ? value : throw Unsupported(profile);

    private static ArgumentOutOfRangeException Unsupported(SrtpProtectionProfile profile) =>
        new(nameof(profile), profile, "Unsupported SRTP protection profile.");
}
