using System.Security.Cryptography;
using System.Text;
using FsCheck.Xunit;
using Rethink.Ims.Sip.Auth;

namespace Rethink.Ims.Tests.Sip.Auth;

public class SipMd5Tests
{
    [Theory]
    [InlineData("", "d41d8cd98f00b204e9800998ecf8427e")] // RFC 1321 appendix A.5
    [InlineData("a", "0cc175b9c0f1b6a831c399e269772661")]
    [InlineData("abc", "900150983cd24fb0d6963f7d28e17f72")]
    [InlineData("message digest", "f96b697d7cb7938d525a2f31aaf161d0")]
    [InlineData("abcdefghijklmnopqrstuvwxyz", "c3fcd3d76192e4007dfb496cca67e13b")]
    [InlineData("12345678901234567890123456789012345678901234567890123456789012345678901234567890", "57edf4a22be3c955ac49da2e2107b67a")]
    public void Matches_the_RFC_1321_test_suite(string input, string expected)
    {
        Assert.Equal(expected, Hex(Encoding.ASCII.GetBytes(input)));
    }

    [Fact]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5351", Justification = "The platform's MD5 is the reference being compared with.")]
    public void Matches_the_platform_for_every_length_across_the_padding_boundaries()
    {
        var random = new Random(1321);
        for (var length = 0; length <= 200; length++)
        {
            var input = new byte[length];
            random.NextBytes(input);
            Assert.Equal(Convert.ToHexStringLower(MD5.HashData(input)), Hex(input));
        }
    }

    [Property]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5351", Justification = "The platform's MD5 is the reference being compared with.")]
    public bool Equals_the_platform_MD5_for_any_input(byte[] input) =>
        Hex(input) == Convert.ToHexStringLower(MD5.HashData(input));

    private static string Hex(byte[] input)
    {
        Span<byte> digest = stackalloc byte[SipMd5.HashSize];
        SipMd5.Hash(input, digest);
        return Convert.ToHexStringLower(digest);
    }
}
