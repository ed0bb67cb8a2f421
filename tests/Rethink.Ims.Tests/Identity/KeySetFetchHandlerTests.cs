using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Rethink.Ims.Identity;

namespace Rethink.Ims.Tests.Identity;

public sealed class KeySetFetchHandlerTests
{
    // Shared by all tests (and never disposed): RSA key generation is the slowest part of these tests.
    private static readonly RSA SharedRsa = RSA.Create(2048);
    private static readonly ECDsa SharedEc = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    private readonly RSA _rsa = SharedRsa;
    private readonly ECDsa _ec = SharedEc;

    private string RsaJwk(string? alg = "RS256", string? use = "sig", RSA? key = null)
    {
        var p = (key ?? _rsa).ExportParameters(false);
        var extra = (alg is null ? "" : $",\"alg\":\"{alg}\"") + (use is null ? "" : $",\"use\":\"{use}\"");
        return $"{{\"kty\":\"RSA\",\"kid\":\"r\",\"n\":\"{Base64Url.EncodeToString(p.Modulus)}\",\"e\":\"{Base64Url.EncodeToString(p.Exponent)}\"{extra}}}";
    }

    private string EcJwk(string crv = "P-256")
    {
        var p = _ec.ExportParameters(false);
        return $"{{\"kty\":\"EC\",\"kid\":\"e\",\"crv\":\"{crv}\",\"x\":\"{Base64Url.EncodeToString(p.Q.X)}\",\"y\":\"{Base64Url.EncodeToString(p.Q.Y)}\",\"alg\":\"ES256\",\"use\":\"sig\"}}";
    }

    private static JsonElement[] Keys(byte[] jwks) =>
        [.. JsonDocument.Parse(jwks).RootElement.GetProperty("keys").EnumerateArray()];

    private static byte[] Jwks(params string[] keys) => Encoding.UTF8.GetBytes($"{{\"keys\":[{string.Join(',', keys)}]}}");

    [Fact]
    public void A_mixed_key_set_is_split_by_algorithm()
    {
        var jwks = Jwks(RsaJwk(), EcJwk());

        var rsa = Keys(KeySetFetchHandler.Filter(jwks, "RS256", out var rsaKept, out var rsaSkipped));
        var ec = Keys(KeySetFetchHandler.Filter(jwks, "ES256", out var ecKept, out var ecSkipped));

        Assert.Equal((1, 1, 1, 1), (rsaKept, rsaSkipped, ecKept, ecSkipped));
        Assert.Equal("RSA", Assert.Single(rsa).GetProperty("kty").GetString());
        Assert.Equal("EC", Assert.Single(ec).GetProperty("kty").GetString());
    }

    [Fact]
    public void Kept_keys_carry_the_same_public_key()
    {
        var key = Assert.Single(Keys(KeySetFetchHandler.Filter(Jwks(RsaJwk()), "RS256", out _, out _)));

        Assert.Equal(_rsa.ExportParameters(false).Modulus, Base64Url.DecodeFromChars(key.GetProperty("n").GetString()));
    }

    [Fact]
    public void Keys_without_alg_or_use_are_kept_and_keys_for_another_alg_or_use_are_skipped()
    {
        var jwks = Jwks(RsaJwk(alg: null, use: null), RsaJwk(alg: "RS512"), RsaJwk(use: "enc"));

        KeySetFetchHandler.Filter(jwks, "RS256", out var kept, out var skipped);

        Assert.Equal((1, 2), (kept, skipped));
    }

    [Fact]
    public void Rsa_keys_shorter_than_2048_bits_are_skipped()
    {
        using var weak = RSA.Create(1024);

        var ex = Assert.Throws<KeySetUnavailableException>(() => KeySetFetchHandler.Filter(Jwks(RsaJwk(key: weak)), "RS256", out _, out _));

        Assert.False(ex.NoUsableKey);
    }

    [Fact]
    public void Ec_keys_on_another_curve_are_skipped()
    {
        Assert.Throws<KeySetUnavailableException>(() => KeySetFetchHandler.Filter(Jwks(EcJwk("P-384")), "ES256", out _, out _));
    }

    [Fact]
    public void An_ec_point_off_the_curve_is_skipped()
    {
        var offCurve = EcJwk().Replace(Base64Url.EncodeToString(_ec.ExportParameters(false).Q.Y!), Base64Url.EncodeToString(new byte[32]), StringComparison.Ordinal);

        Assert.Throws<KeySetUnavailableException>(() => KeySetFetchHandler.Filter(Jwks(offCurve), "ES256", out _, out _));
    }

    [Fact]
    public void A_key_set_without_any_key_of_the_tokens_type_means_no_usable_key()
    {
        var ex = Assert.Throws<KeySetUnavailableException>(() => KeySetFetchHandler.Filter(Jwks(RsaJwk()), "ES256", out _, out _));

        Assert.True(ex.NoUsableKey);
    }

    [Fact]
    public void Cache_keys_differ_by_algorithm_and_keep_the_url()
    {
        var url = new Uri("https://www.googleapis.com/oauth2/v3/certs");

        Assert.NotEqual(KeySetFetchHandler.CacheKey(url, "RS256"), KeySetFetchHandler.CacheKey(url, "ES256"));
        Assert.StartsWith(url.AbsoluteUri + "#", KeySetFetchHandler.CacheKey(url, "RS256"), StringComparison.Ordinal);
    }
}
