using Rethink.Ims.Media.Srtp;

namespace Rethink.Ims.Tests.Media.Srtp;

/// <summary>RFC 3711 Appendix B.2 (AES-CM keystream) and B.3 (key derivation).</summary>
public class SrtpRfc3711VectorTests
{
    private static readonly byte[] MasterKey = Hex.Bytes("E1F97A0D3E018BE0D64FA32C06DE4139");
    private static readonly byte[] MasterSalt = Hex.Bytes("0EC675AD498AFEEBB6960B3AABE6");

    [Theory]
    [InlineData(true)]   // AES-NI keystream (where the processor has it: this machine does)
    [InlineData(false)]  // the ECB-transform fallback used elsewhere
    public void B2_aes_cm_keystream_matches_the_first_and_last_blocks_of_the_segment(bool processorAes)
    {
        Assert.True(!processorAes || SrtpAes128Keystream.IsSupported, "this machine has AES-NI");
        // Session key and salt given directly, SSRC 0, ROC 0, SEQ 0: the IV is the salt shifted by 16 bits.
        using var keys = SrtpSessionKeysFor(
            Hex.Bytes("2B7E151628AED2A6ABF7158809CF4F3C"), Hex.Bytes("F0F1F2F3F4F5F6F7F8F9FAFBFCFD"));
        using var cipher = new SrtpAesCmHmacSha1Cipher(keys.RtpKey, keys.RtpSalt, new byte[20], 10, 10, processorAes);
        var keystream = new byte[1044512]; // 65282 blocks

        cipher.Keystream(keystream, ssrc: 0, index: 0);

        Assert.Equal(
            Hex.Bytes("E03EAD0935C95E80E166B16DD92B4EB4 D23513162B02D0F72A43A2FE4A5F97AB 41E95B3BB0A2E8DD477901E4FCA894C0"),
            keystream[..48]);
        Assert.Equal(
            Hex.Bytes("EC8CDF7398607CB0F2D21675EA9EA1E4 362B7C3C6773516318A077D7FC5073AE 6A2CC3787889374FBEB4C81B17BA6C44"),
            keystream[^48..]);
    }

    [Fact]
    public void B3_cipher_key_is_derived_with_label_0()
    {
        var key = new byte[16];
        SrtpKeyDerivation.Derive(MasterKey, MasterSalt, SrtpKeyLabel.RtpEncryption, key);
        Assert.Equal(Hex.Bytes("C61E7A93744F39EE10734AFE3FF7A087"), key);
    }

    [Fact]
    public void B3_cipher_salt_is_derived_with_label_2()
    {
        var salt = new byte[14];
        SrtpKeyDerivation.Derive(MasterKey, MasterSalt, SrtpKeyLabel.RtpSalt, salt);
        Assert.Equal(Hex.Bytes("30CBBC08863D8C85D49DB34A9AE1"), salt);
    }

    [Fact]
    public void B3_auth_key_is_derived_with_label_1_over_94_octets()
    {
        var auth = new byte[94];
        SrtpKeyDerivation.Derive(MasterKey, MasterSalt, SrtpKeyLabel.RtpAuthentication, auth);
        Assert.Equal(
            Hex.Bytes("""
                CEBE321F6FF7716B6FD4AB49AF256A15 6D38BAA48F0A0ACF3C34E2359E6CDBCE
                E049646C43D9327AD175578EF7227098 6371C10C9A369AC2F94A8C5FBCDDDC25
                6D6E919A48B610EF17C2041E47403576 6B68642C59BBFC2F34DB60DBDFB2
                """),
            auth);
    }

    [Fact]
    public void Session_keys_of_the_hmac_profile_are_the_b3_keys_truncated_to_profile_lengths()
    {
        using var keys = SrtpSessionKeys.Derive(SrtpProtectionProfile.AesCm128HmacSha1_80, MasterKey, MasterSalt);

        Assert.Equal(Hex.Bytes("C61E7A93744F39EE10734AFE3FF7A087"), keys.RtpKey);
        Assert.Equal(Hex.Bytes("30CBBC08863D8C85D49DB34A9AE1"), keys.RtpSalt);
        Assert.Equal(Hex.Bytes("CEBE321F6FF7716B6FD4AB49AF256A156D38BAA4"), keys.RtpAuthKey);
        Assert.NotEqual(keys.RtpKey, keys.RtcpKey);
    }

    private static SrtpSessionKeys SrtpSessionKeysFor(byte[] key, byte[] salt) =>
        SrtpSessionKeys.FromSessionKeys(SrtpProtectionProfile.AesCm128HmacSha1_80, key, salt, new byte[20]);
}
