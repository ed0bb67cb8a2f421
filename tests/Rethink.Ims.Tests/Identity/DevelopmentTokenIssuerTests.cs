using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Rethink.Ims.Identity;

namespace Rethink.Ims.Tests.Identity;

public sealed class DevelopmentTokenIssuerTests : IDisposable
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);
    private readonly FakeTimeProvider _time = new(Now);
    private readonly DevelopmentTokenIssuer _issuer;

    public DevelopmentTokenIssuerTests() => _issuer = new DevelopmentTokenIssuer(Options.Create(new DevelopmentTokenIssuerOptions()), _time);

    public void Dispose() => _issuer.Dispose();

    [Fact]
    public void Token_signature_verifies_with_the_jwks_public_key()
    {
        var parts = _issuer.IssueIdToken("alice@example.com").Split('.');
        using var rsa = PublicKey(_issuer.JwksJson);

        Assert.True(rsa.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), Base64Url.DecodeFromChars(parts[2]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }

    [Fact]
    public void Token_with_a_changed_payload_no_longer_verifies()
    {
        var parts = _issuer.IssueIdToken("alice@example.com").Split('.');
        var forged = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(Base64UrlText(parts[1]).Replace("alice", "mallory", StringComparison.Ordinal)));
        using var rsa = PublicKey(_issuer.JwksJson);

        Assert.False(rsa.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + forged), Base64Url.DecodeFromChars(parts[2]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }

    [Fact]
    public void Token_carries_the_claims_an_id_token_validator_checks()
    {
        var parts = _issuer.IssueIdToken("Alice@Example.com", TimeSpan.FromMinutes(10)).Split('.');
        using var header = JsonDocument.Parse(Base64UrlText(parts[0]));
        using var payload = JsonDocument.Parse(Base64UrlText(parts[1]));
        var claims = payload.RootElement;

        Assert.Equal("RS256", header.RootElement.GetProperty("alg").GetString());
        Assert.Equal(_issuer.KeyId, header.RootElement.GetProperty("kid").GetString());
        Assert.Equal("rethink-ims-dev", claims.GetProperty("iss").GetString());
        Assert.Equal("rethink-ims-dev", claims.GetProperty("aud").GetString());
        Assert.Equal("alice@example.com", claims.GetProperty("sub").GetString());
        Assert.Equal("Alice@Example.com", claims.GetProperty("email").GetString());
        Assert.True(claims.GetProperty("email_verified").GetBoolean());
        Assert.Equal(1_700_000_000, claims.GetProperty("iat").GetInt64());
        Assert.Equal(1_700_000_600, claims.GetProperty("exp").GetInt64());
    }

    [Fact]
    public void Default_lifetime_is_one_hour_from_the_time_provider()
    {
        _time.Advance(TimeSpan.FromSeconds(5));
        using var payload = JsonDocument.Parse(Base64UrlText(_issuer.IssueIdToken("bob@example.com").Split('.')[1]));

        Assert.Equal(1_700_000_005 + 3600, payload.RootElement.GetProperty("exp").GetInt64());
    }

    [Fact]
    public void Jwks_describes_one_rs256_signing_key_whose_kid_is_its_rfc7638_thumbprint()
    {
        using var jwks = JsonDocument.Parse(_issuer.JwksJson);
        var key = Assert.Single(jwks.RootElement.GetProperty("keys").EnumerateArray());
        var n = key.GetProperty("n").GetString()!;
        var e = key.GetProperty("e").GetString()!;

        Assert.Equal("RSA", key.GetProperty("kty").GetString());
        Assert.Equal("sig", key.GetProperty("use").GetString());
        Assert.Equal("RS256", key.GetProperty("alg").GetString());
        Assert.Equal(256, Base64Url.DecodeFromChars(n).Length);
        var thumbprint = Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes($$"""{"e":"{{e}}","kty":"RSA","n":"{{n}}"}""")));
        Assert.Equal(thumbprint, key.GetProperty("kid").GetString());
        Assert.Equal(_issuer.KeyId, thumbprint);
    }

    [Fact]
    public void Issuer_and_audience_come_from_the_options()
    {
        using var issuer = new DevelopmentTokenIssuer(Options.Create(new DevelopmentTokenIssuerOptions { Issuer = "my-dev", Audience = "my-app" }), _time);

        Assert.Equal("my-dev", issuer.Issuer);
        Assert.Equal("my-app", issuer.Audience);
    }

    [Fact]
    public void Each_issuer_makes_its_own_key()
    {
        using var other = new DevelopmentTokenIssuer(Options.Create(new DevelopmentTokenIssuerOptions()), _time);

        Assert.NotEqual(_issuer.KeyId, other.KeyId);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(86_401)]
    public void IssueIdToken_rejects_a_lifetime_outside_zero_to_one_day(int seconds)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => _issuer.IssueIdToken("alice@example.com", TimeSpan.FromSeconds(seconds)));
    }

    [Fact]
    public void IssueIdToken_rejects_a_blank_email()
    {
        Assert.Throws<ArgumentException>(() => _issuer.IssueIdToken(" "));
    }

    internal static RSA PublicKey(string jwksJson)
    {
        using var jwks = JsonDocument.Parse(jwksJson);
        var key = jwks.RootElement.GetProperty("keys")[0];
        var rsa = RSA.Create();
        rsa.ImportParameters(new RSAParameters
        {
            Modulus = Base64Url.DecodeFromChars(key.GetProperty("n").GetString()),
            Exponent = Base64Url.DecodeFromChars(key.GetProperty("e").GetString()),
        });
        return rsa;
    }

    private static string Base64UrlText(string part) => Encoding.UTF8.GetString(Base64Url.DecodeFromChars(part));
}
