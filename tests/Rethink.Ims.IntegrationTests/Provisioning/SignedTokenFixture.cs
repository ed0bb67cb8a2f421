using Rethink.Ims.IntegrationTests.Identity;

namespace Rethink.Ims.IntegrationTests.Provisioning;

/// <summary>A test signing key published as a JWKS by a real Kestrel, shared by a test class.</summary>
public sealed class SignedTokenFixture : IAsyncLifetime
{
    public const string Issuer = "https://issuer.test";
    public const string Audience = "rethink-ims-client";

    internal TestSigner Signer { get; } = new();

    internal JwksServer Jwks { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Jwks = await JwksServer.StartAsync(TestSigner.Jwks(Signer.RsaJwk(), Signer.EcJwk()));

    public async Task DisposeAsync()
    {
        await Jwks.DisposeAsync();
        Signer.Dispose();
    }

    /// <summary>Configuration that trusts this key (through a fresh key-set URL: the library's key cache is per URL).</summary>
    public Dictionary<string, string?> TrustingConfiguration() => new()
    {
        ["Ims:EphemeralAuth:IdToken:CertificatesUrl"] = Jwks.NewKeySetUrl().ToString(),
        ["Ims:EphemeralAuth:IdToken:TrustedIssuers:0"] = Issuer,
        ["Ims:EphemeralAuth:IdToken:Audiences:0"] = Audience,
    };

    /// <summary>Claims of a valid token for <paramref name="email"/>; change a member to make it invalid.</summary>
    public static Dictionary<string, object> Claims(string email = "alice@example.com", TimeSpan? expiresIn = null)
    {
        var now = DateTimeOffset.UtcNow;
        return new Dictionary<string, object>
        {
            ["iss"] = Issuer,
            ["aud"] = Audience,
            ["sub"] = "1234567890",
            ["email"] = email,
            ["email_verified"] = true,
            ["iat"] = now.AddMinutes(-1).ToUnixTimeSeconds(),
            ["exp"] = now.Add(expiresIn ?? TimeSpan.FromHours(1)).ToUnixTimeSeconds(),
        };
    }

    internal string Token(Dictionary<string, object>? claims = null) => Signer.Rs256(claims ?? Claims());
}
