using Rethink.Ims.Media.Dtls;

namespace Rethink.Ims.Tests.Media.Dtls;

public class DtlsSrtpKeyingMaterialTests
{
    [Fact]
    public void Aes_cm_material_splits_into_16_octet_keys_then_14_octet_salts()
    {
        var bytes = Enumerable.Range(0, 60).Select(i => (byte)i).ToArray();

        using var material = new DtlsSrtpKeyingMaterial(DtlsSrtpProtectionProfile.Aes128CmHmacSha1_80, DtlsRole.Client, bytes);

        Assert.Equal(bytes[0..16], material.ClientWriteKey.ToArray());
        Assert.Equal(bytes[16..32], material.ServerWriteKey.ToArray());
        Assert.Equal(bytes[32..46], material.ClientWriteSalt.ToArray());
        Assert.Equal(bytes[46..60], material.ServerWriteSalt.ToArray());
    }

    [Fact]
    public void Aes_256_gcm_material_splits_into_32_octet_keys_then_12_octet_salts()
    {
        var bytes = Enumerable.Range(0, 88).Select(i => (byte)i).ToArray();

        using var material = new DtlsSrtpKeyingMaterial(DtlsSrtpProtectionProfile.AeadAes256Gcm, DtlsRole.Server, bytes);

        Assert.Equal(bytes[0..32], material.ClientWriteKey.ToArray());
        Assert.Equal(bytes[32..64], material.ServerWriteKey.ToArray());
        Assert.Equal(bytes[64..76], material.ClientWriteSalt.ToArray());
        Assert.Equal(bytes[76..88], material.ServerWriteSalt.ToArray());
        Assert.Equal(material.ServerWriteKey.ToArray(), material.LocalWriteKey.ToArray());
        Assert.Equal(material.ClientWriteSalt.ToArray(), material.RemoteWriteSalt.ToArray());
    }

    [Theory]
    [InlineData(DtlsSrtpProtectionProfile.Aes128CmHmacSha1_80, 60)]
    [InlineData(DtlsSrtpProtectionProfile.Aes128CmHmacSha1_32, 60)]
    [InlineData(DtlsSrtpProtectionProfile.AeadAes128Gcm, 56)]
    [InlineData(DtlsSrtpProtectionProfile.AeadAes256Gcm, 88)]
    public void Exported_length_is_twice_key_plus_salt(DtlsSrtpProtectionProfile profile, int length) =>
        Assert.Equal(length, profile.KeyingMaterialLength());

    [Fact]
    public void Material_of_the_wrong_length_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new DtlsSrtpKeyingMaterial(DtlsSrtpProtectionProfile.AeadAes128Gcm, DtlsRole.Client, new byte[60]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DtlsSrtpKeyingMaterial((DtlsSrtpProtectionProfile)5, DtlsRole.Client, new byte[60]));
    }

    [Fact]
    public void ToString_names_no_key_and_dispose_makes_the_keys_unreadable()
    {
        var bytes = Enumerable.Repeat((byte)0xAB, 60).ToArray();
        var material = new DtlsSrtpKeyingMaterial(DtlsSrtpProtectionProfile.Aes128CmHmacSha1_80, DtlsRole.Client, bytes);

        Assert.DoesNotContain("AB", material.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("SRTP_AES128_CM_HMAC_SHA1_80", material.ToString(), StringComparison.Ordinal);
        material.Dispose();
        Assert.Throws<ObjectDisposedException>(() => material.Material.Length);
    }
}
