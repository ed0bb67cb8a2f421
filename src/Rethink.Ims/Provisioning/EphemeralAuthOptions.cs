using Rethink.Ims.Credentials;

namespace Rethink.Ims.Provisioning;

/// <summary>
/// Options of the ephemeral credential service, bound from the configuration section
/// <c>Ims:EphemeralAuth</c> (see docs/configuration.md for every key).
/// </summary>
public sealed class EphemeralAuthOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Ims:EphemeralAuth";

    /// <summary>
    /// The shared secrets. Index 0 (<c>Ims:EphemeralAuth:Secrets:0</c>) is the current one and signs new
    /// credentials; higher indices are older secrets still accepted. Required.
    /// </summary>
    public IList<string> Secrets { get; } = [];

    /// <summary>Username layout (Kamailio <c>username_format</c>). Default <see cref="EphemeralUsernameFormat.ExpiryThenUser"/>.</summary>
    public EphemeralUsernameFormat UsernameFormat { get; set; } = EphemeralUsernameFormat.ExpiryThenUser;

    /// <summary>HMAC algorithm (Kamailio <c>sha_algorithm</c>). Default <see cref="EphemeralHashAlgorithm.Sha1"/>.</summary>
    public EphemeralHashAlgorithm HashAlgorithm { get; set; } = EphemeralHashAlgorithm.Sha1;

    /// <summary>Lifetime of an issued credential in seconds. Default 86400 (one day), as the original service.</summary>
    public int TtlSeconds { get; set; } = 86400;

    /// <summary>The SIP server URIs returned to clients (e.g. <c>wss://sip.example.com</c>).</summary>
    public IList<string> Uris { get; } = [];

    /// <summary>
    /// The SIP domain of every user. When empty, the domain of the person's e-mail address is used,
    /// as the original service did.
    /// </summary>
    public string? Domain { get; set; }

    /// <summary>
    /// The digest realm clients authenticate in. When empty, the user's SIP domain (Kamailio's
    /// <c>autheph_check("$fd")</c> challenges with the From domain).
    /// </summary>
    public string? Realm { get; set; }

    /// <summary>Cross-origin settings of the credential endpoint.</summary>
    public CredentialCorsOptions Cors { get; } = new();

    /// <summary>Request limits of the credential endpoint.</summary>
    public CredentialRateLimitOptions RateLimit { get; } = new();

    /// <summary>Which bearer tokens are accepted. Default <see cref="IdentityTokenType.IdToken"/>.</summary>
    public IdentityTokenType TokenType { get; set; } = IdentityTokenType.IdToken;

    /// <summary>The local development issuer; off by default.</summary>
    public DevelopmentIssuerOptions DevelopmentIssuer { get; } = new();

    /// <summary>TURN servers handed out with each credential (TURN REST, coturn <c>use-auth-secret</c>).</summary>
    public TurnServerOptions Turn { get; } = new();
}
