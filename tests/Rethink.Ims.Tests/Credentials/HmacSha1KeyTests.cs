using System.Security.Cryptography;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Rethink.Ims.Credentials;

namespace Rethink.Ims.Tests.Credentials;

/// <summary>The precomputed HMAC-SHA1 must equal the platform's for every key and message length class.</summary>
public class HmacSha1KeyTests
{
    public static TheoryData<int, int> Lengths()
    {
        var data = new TheoryData<int, int>();
        foreach (int key in new[] { 0, 1, 17, 63, 64, 65, 200 })
        {
            foreach (int message in new[] { 0, 1, 55, 56, 63, 64, 65, 119, 120, 128, 1000 })
            {
                data.Add(key, message);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Mac_equals_the_platform_hmac_at_block_boundaries(int keyLength, int messageLength)
    {
        byte[] key = Enumerable.Range(0, keyLength).Select(i => (byte)(i * 7 + 3)).ToArray();
        byte[] message = Enumerable.Range(0, messageLength).Select(i => (byte)(i * 13 + 1)).ToArray();
        var mac = new byte[HmacSha1Key.MacSize];

        new HmacSha1Key(key).Compute(message, mac);

        Assert.Equal(HMACSHA1.HashData(key, message), mac);
    }

    [Fact]
    public void Mac_matches_rfc_2202_test_case_2()
    {
        var mac = new byte[HmacSha1Key.MacSize];

        new HmacSha1Key("Jefe"u8).Compute("what do ya want for nothing?"u8, mac);

        Assert.Equal("effcdf6ae5eb2fa2d27416d5f184df9c259a7c79", Convert.ToHexStringLower(mac));
    }

    [Fact]
    public void One_key_gives_the_same_mac_on_many_threads()
    {
        var key = new HmacSha1Key("shared_secret_key"u8);
        byte[] expected = HMACSHA1.HashData("shared_secret_key"u8, "1700000000:alice"u8);

        Parallel.For(0, 10_000, _ =>
        {
            Span<byte> mac = stackalloc byte[HmacSha1Key.MacSize];
            key.Compute("1700000000:alice"u8, mac);
            Assert.True(mac.SequenceEqual(expected));
        });
    }

    [Property(MaxTest = 500)]
    public Property Mac_equals_the_platform_hmac_for_any_key_and_message() =>
        Prop.ForAll(
            ArbMap.Default.ArbFor<byte[]>().Filter(b => b is not null),
            ArbMap.Default.ArbFor<byte[]>().Filter(b => b is not null),
            (key, message) =>
            {
                var mac = new byte[HmacSha1Key.MacSize];
                new HmacSha1Key(key).Compute(message, mac);
                return mac.AsSpan().SequenceEqual(HMACSHA1.HashData(key, message));
            });
}
