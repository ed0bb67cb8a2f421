using System.Security.Cryptography;

namespace Rethink.Ims.Media.Srtp;

/// <summary>
/// The session keys of one direction: encryption key, salt and (for HMAC profiles) authentication key,
/// for SRTP and for SRTCP. Secret: never printed; <see cref="Dispose"/> zeroes them.
/// </summary>
internal sealed class SrtpSessionKeys : IDisposable
{
    private SrtpSessionKeys(SrtpProtectionProfile profile, byte[] rtpKey, byte[] rtpSalt, byte[] rtpAuthKey, byte[] rtcpKey, byte[] rtcpSalt, byte[] rtcpAuthKey)
    {
        Profile = profile;
        RtpKey = rtpKey;
        RtpSalt = rtpSalt;
        RtpAuthKey = rtpAuthKey;
        RtcpKey = rtcpKey;
        RtcpSalt = rtcpSalt;
        RtcpAuthKey = rtcpAuthKey;
    }

    public SrtpProtectionProfile Profile { get; }

    public byte[] RtpKey { get; }

    public byte[] RtpSalt { get; }

    public byte[] RtpAuthKey { get; }

    public byte[] RtcpKey { get; }

    public byte[] RtcpSalt { get; }

    public byte[] RtcpAuthKey { get; }

    /// <summary>Derives the six session keys from a master key and salt (RFC 3711 §4.3, kdr = 0).</summary>
    public static SrtpSessionKeys Derive(SrtpProtectionProfile profile, ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt)
    {
        if (!profile.IsSupported())
        {
            throw new ArgumentOutOfRangeException(nameof(profile), profile, "Unsupported SRTP protection profile.");
        }

        if (masterKey.Length != profile.KeyLength())
        {
            throw new ArgumentException($"{profile} needs a {profile.KeyLength()}-octet master key.", nameof(masterKey));
        }

        if (masterSalt.Length != profile.SaltLength())
        {
            throw new ArgumentException($"{profile} needs a {profile.SaltLength()}-octet master salt.", nameof(masterSalt));
        }

        var keyLength = profile.KeyLength();
        var saltLength = profile.SaltLength();
        var authLength = profile.AuthKeyLength();
        return new SrtpSessionKeys(
            profile,
            Make(masterKey, masterSalt, SrtpKeyLabel.RtpEncryption, keyLength),
            Make(masterKey, masterSalt, SrtpKeyLabel.RtpSalt, saltLength),
            Make(masterKey, masterSalt, SrtpKeyLabel.RtpAuthentication, authLength),
            Make(masterKey, masterSalt, SrtpKeyLabel.RtcpEncryption, keyLength),
            Make(masterKey, masterSalt, SrtpKeyLabel.RtcpSalt, saltLength),
            Make(masterKey, masterSalt, SrtpKeyLabel.RtcpAuthentication, authLength));
    }

    private static byte[] Make(ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt, SrtpKeyLabel label, int length)
    {
        var key = new byte[length];
        SrtpKeyDerivation.Derive(masterKey, masterSalt, label, key);
        return key;
    }

    /// <summary>Uses session keys as given, skipping derivation (RFC 7714's vectors publish session keys only).</summary>
    public static SrtpSessionKeys FromSessionKeys(SrtpProtectionProfile profile, ReadOnlySpan<byte> key, ReadOnlySpan<byte> salt, ReadOnlySpan<byte> authKey) =>
        new(profile, key.ToArray(), salt.ToArray(), authKey.ToArray(), key.ToArray(), salt.ToArray(), authKey.ToArray());

    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(RtpKey);
        CryptographicOperations.ZeroMemory(RtpSalt);
        CryptographicOperations.ZeroMemory(RtpAuthKey);
        CryptographicOperations.ZeroMemory(RtcpKey);
        CryptographicOperations.ZeroMemory(RtcpSalt);
        CryptographicOperations.ZeroMemory(RtcpAuthKey);
    }

    public override string ToString() => $"SrtpSessionKeys({Profile})";
}
