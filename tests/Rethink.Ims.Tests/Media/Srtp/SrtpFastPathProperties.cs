using System.Runtime.Intrinsics;
using System.Security.Cryptography;
using FsCheck.Xunit;
using Rethink.Ims.Media.Srtp;

namespace Rethink.Ims.Tests.Media.Srtp;

/// <summary>
/// The SRTP fast paths compute what .NET's own AES and HMAC-SHA1 compute: the AES-NI counter-mode keystream equals
/// AES-128-ECB of the counter blocks, and the native HMAC-SHA1 equals <see cref="HMACSHA1"/>, for any key and length.
/// </summary>
public class SrtpFastPathProperties
{
    [Property(MaxTest = 300)]
    public void Aes_ni_keystream_equals_aes_ecb_of_the_counter_blocks(Guid keySeed, Guid ivSeed, byte[] data)
    {
        Assert.True(SrtpAes128Keystream.IsSupported, "this machine has AES-NI; without it the cipher's fallback is what runs");
        var key = keySeed.ToByteArray();
        var iv = ivSeed.ToByteArray();
        iv[14] = 0;
        iv[15] = 0;

        var expected = (byte[])data.Clone();
        using (var aes = Aes.Create())
        {
            aes.Key = key;
            for (var block = 0; block * 16 < expected.Length; block++)
            {
                var counter = (byte[])iv.Clone();
                counter[14] = (byte)(block >> 8);
                counter[15] = (byte)block;
                var stream = aes.EncryptEcb(counter, PaddingMode.None);
                for (var i = 0; i < 16 && (block * 16) + i < expected.Length; i++)
                {
                    expected[(block * 16) + i] ^= stream[i];
                }
            }
        }

        var actual = (byte[])data.Clone();
        using var keystream = new SrtpAes128Keystream(key);
        keystream.Apply(actual, Vector128.Create(iv));

        Assert.Equal(expected, actual);
    }

    [Property(MaxTest = 300)]
    public void Hmac_sha1_equals_the_framework_hmac(byte[] key, byte[] data)
    {
        using var hmac = new SrtpHmacSha1(key);
        var mac = new byte[SrtpHmacSha1.Length];
        hmac.Compute(data, mac);
        Assert.Equal(HMACSHA1.HashData(key, data), mac);

        // Reused for a second message, as per packet.
        hmac.Compute(key, mac);
        Assert.Equal(HMACSHA1.HashData(key, key), mac);
    }

    [Fact]
    public void Hmac_sha1_runs_on_the_native_libcrypto_on_linux()
    {
        using var hmac = new SrtpHmacSha1(new byte[20]);
        Assert.Equal(OperatingSystem.IsLinux(), hmac.IsNative);
    }
}
