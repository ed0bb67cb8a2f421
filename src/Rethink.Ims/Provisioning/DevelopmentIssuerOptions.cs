namespace Rethink.Ims.Provisioning;

/// <summary>
/// The local development issuer (<c>Ims:EphemeralAuth:DevelopmentIssuer</c>): when enabled, the host serves
/// <c>GET /dev/token?email=...</c> and <c>GET /dev/jwks</c>, and accepts the tokens it issues through the ordinary
/// ID-token validator. Its issuer, audience and token lifetime are <c>Issuer</c>, <c>Audience</c> and
/// <c>DefaultLifetime</c> in the same section (see <see cref="Identity.DevelopmentTokenIssuerOptions"/>).
/// </summary>
public sealed class DevelopmentIssuerOptions
{
    /// <summary>Serve and accept development tokens. Off by default; never turn it on in production: anyone can get a token for any address.</summary>
    public bool Enabled { get; set; }

    /// <summary>
    /// Where the validator fetches the development keys. Default: <c>/dev/jwks</c> on the first http(s) address the
    /// host listens on (a wildcard address is reached through 127.0.0.1).
    /// </summary>
    public Uri? JwksUrl { get; set; }
}
