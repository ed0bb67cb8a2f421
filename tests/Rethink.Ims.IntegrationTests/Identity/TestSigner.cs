using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Rethink.Ims.IntegrationTests.Identity;

/// <summary>Test keys and a JWT signer that can produce every token an attacker might send.</summary>
internal sealed class TestSigner : IDisposable
{
    public RSA Rsa { get; } = RSA.Create(2048);

    public ECDsa Ec { get; } = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    /// <summary>A key that is not in the published key set.</summary>
    public RSA OtherRsa { get; } = RSA.Create(2048);

    public void Dispose()
    {
        Rsa.Dispose();
        Ec.Dispose();
        OtherRsa.Dispose();
    }

    public string RsaJwk(string kid = "rsa-1")
    {
        var p = Rsa.ExportParameters(false);
        return $$"""{"kty":"RSA","use":"sig","alg":"RS256","kid":"{{kid}}","n":"{{B64(p.Modulus!)}}","e":"{{B64(p.Exponent!)}}"}""";
    }

    public string EcJwk(string kid = "ec-1")
    {
        var p = Ec.ExportParameters(false);
        return $$"""{"kty":"EC","use":"sig","alg":"ES256","crv":"P-256","kid":"{{kid}}","x":"{{B64(p.Q.X!)}}","y":"{{B64(p.Q.Y!)}}"}""";
    }

    public static string Jwks(params string[] keys) => $$"""{"keys":[{{string.Join(',', keys)}}]}""";

    public string Rs256(object payload, RSA? key = null, string kid = "rsa-1") =>
        Sign(new { alg = "RS256", kid, typ = "JWT" }, payload, data => (key ?? Rsa).SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));

    public string Es256(object payload, string kid = "ec-1") =>
        Sign(new { alg = "ES256", kid, typ = "JWT" }, payload, data => Ec.SignData(data, HashAlgorithmName.SHA256));

    /// <summary>The classic algorithm-confusion forgery: HMAC keyed with the issuer's public key.</summary>
    public string Hs256WithPublicKeyAsSecret(object payload) =>
        Sign(new { alg = "HS256", kid = "rsa-1", typ = "JWT" }, payload, data => HMACSHA256.HashData(Encoding.ASCII.GetBytes(Rsa.ExportSubjectPublicKeyInfoPem()), data));

    public static string Unsigned(object payload) => Sign(new { alg = "none", typ = "JWT" }, payload, _ => []);

    public static string Sign(object header, object payload, Func<byte[], byte[]> sign)
    {
        var input = B64(JsonSerializer.SerializeToUtf8Bytes(header)) + "." + B64(JsonSerializer.SerializeToUtf8Bytes(payload));
        return input + "." + B64(sign(Encoding.ASCII.GetBytes(input)));
    }

    public static string B64(byte[] bytes) => Base64Url.EncodeToString(bytes);
}
