using System.Text;
using Rethink.Ims.Sip.Auth;
using static Rethink.Ims.Tests.Sip.Auth.DigestTestKit;

namespace Rethink.Ims.Tests.Sip.Auth;

/// <summary>The digest vectors of FACTS.md §1 for <c>1700000000:alice</c>, realm <c>example.com</c>.</summary>
public class SipDigestVectorTests
{
    [Theory]
    [InlineData(SipDigestAlgorithm.Md5, "e99c632c89e73fd19e658981c5694748")]
    [InlineData(SipDigestAlgorithm.Sha256, "7aea6019b30b2561bd86a8eb20bdb5a7bdba5c6291da9c9742c27b70788c6fc3")]
    public void Ha1_of_the_ephemeral_password_matches_the_vector(SipDigestAlgorithm algorithm, string expected)
    {
        Span<byte> hex = stackalloc byte[SipDigest.MaxHexLength];

        var length = SipDigest.Ha1(algorithm, "1700000000:alice"u8, "example.com"u8, Password, hex);

        Assert.Equal(expected, Encoding.ASCII.GetString(hex[..length]));
    }

    [Fact]
    public void No_qop_response_matches_the_vector()
    {
        Span<byte> hex = stackalloc byte[SipDigest.MaxHexLength];

        var length = SipDigest.Response(SipDigestAlgorithm.Md5, "e99c632c89e73fd19e658981c5694748"u8, "abc"u8, default, default, default, "REGISTER"u8, "sip:example.com"u8, hex);

        Assert.Equal("cbb303dcd4ee071ae206169c820a7546", Encoding.ASCII.GetString(hex[..length]));
    }

    [Fact]
    public void Reference_implementation_agrees_with_the_vectors()
    {
        Assert.Equal("e99c632c89e73fd19e658981c5694748", Reference.Ha1("MD5", Username, Realm, Password));
        Assert.Equal("7aea6019b30b2561bd86a8eb20bdb5a7bdba5c6291da9c9742c27b70788c6fc3", Reference.Ha1("SHA-256", Username, Realm, Password));
        Assert.Equal("cbb303dcd4ee071ae206169c820a7546", Reference.Response("MD5", Username, Realm, Password, "abc", "", "", null, "REGISTER", "sip:example.com"));
    }

    [Theory]
    [InlineData("MD5", SipDigestAlgorithm.Md5)]
    [InlineData("md5", SipDigestAlgorithm.Md5)]
    [InlineData("", SipDigestAlgorithm.Md5)]
    [InlineData("SHA-256", SipDigestAlgorithm.Sha256)]
    [InlineData("MD5-sess", SipDigestAlgorithm.Md5Sess)]
    [InlineData("sha-256-SESS", SipDigestAlgorithm.Sha256Sess)]
    public void Algorithm_names_parse_case_insensitively_and_default_to_md5(string name, SipDigestAlgorithm expected)
    {
        Assert.True(SipDigest.TryParse(Encoding.ASCII.GetBytes(name), out var algorithm));
        Assert.Equal(expected, algorithm);
    }

    [Theory]
    [InlineData("SHA-512-256")]
    [InlineData("AKAv1-MD5")]
    public void Unsupported_algorithm_names_do_not_parse(string name) =>
        Assert.False(SipDigest.TryParse(Encoding.ASCII.GetBytes(name), out _));
}
