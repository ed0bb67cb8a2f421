namespace Rethink.Ims.Identity;

/// <summary>Settings of <see cref="GoogleIdTokenValidator"/>: which signed ID tokens are accepted.</summary>
/// <remarks>
/// Bind from configuration and validate at start with <see cref="IdTokenValidationOptionsValidator"/>.
/// Lists default to empty so that configuration binding (which appends to a list) never leaves a default
/// issuer trusted next to a configured one; an empty <see cref="TrustedIssuers"/> means <see cref="GoogleIssuers"/>.
/// </remarks>
public sealed class IdTokenValidationOptions
{
    /// <summary>Google's JSON Web Key Set for ID tokens.</summary>
    public static readonly Uri GoogleCertificatesUrl = new("https://www.googleapis.com/oauth2/v3/certs");

    /// <summary>The two spellings of Google's issuer that Google ID tokens carry in <c>iss</c>.</summary>
    public static IReadOnlyList<string> GoogleIssuers { get; } = ["https://accounts.google.com", "accounts.google.com"];

    /// <summary>
    /// Where the issuer publishes its signing keys as a JWKS document. Default: <see cref="GoogleCertificatesUrl"/>.
    /// Must be <c>https</c> unless the host is a loopback address (a development issuer on the same machine).
    /// </summary>
    public Uri CertificatesUrl { get; set; } = GoogleCertificatesUrl;

    /// <summary>Accepted values of <c>iss</c> (exact, case-sensitive). Empty (the default) means <see cref="GoogleIssuers"/>.</summary>
    public IList<string> TrustedIssuers { get; } = [];

    /// <summary>
    /// Accepted values of <c>aud</c>: your OAuth client ids. Required: a token is accepted only if every one of its
    /// audiences is listed here (OpenID Connect Core 3.1.3.7), so an empty list is a configuration error.
    /// </summary>
    public IList<string> Audiences { get; } = [];

    /// <summary>When set, the token's <c>hd</c> claim (Google Workspace domain) must equal it (ignoring case). Default: not checked.</summary>
    public string? HostedDomain { get; set; }

    /// <summary>Whether <c>email_verified</c> must be true. Default <see langword="true"/>: an unverified address could belong to someone else.</summary>
    public bool RequireVerifiedEmail { get; set; } = true;

    /// <summary>
    /// Tolerated difference between our clock and the issuer's, applied to <c>exp</c>, <c>iat</c> and <c>nbf</c>.
    /// Default 30 seconds (what Google's own library tolerates on <c>iat</c>); at most 5 minutes.
    /// </summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Longest token accepted, in characters, checked before any parsing. Default 8 KiB (Google's ID tokens are about 1 KiB).</summary>
    public int MaxTokenLength { get; set; } = 8 * 1024;

    /// <summary>How long one fetch of the key set may take before the token is refused as <see cref="IdentityFailureReason.ProviderUnavailable"/>. Default 5 seconds.</summary>
    public TimeSpan KeyFetchTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// After a failed key fetch, how long tokens are refused at once instead of fetching again. Default 5 seconds.
    /// Keeps a dead key endpoint (or tokens naming an algorithm the issuer has no key for) from costing a fetch per request.
    /// </summary>
    public TimeSpan KeyFetchFailureBackoff { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The issuers actually trusted: <see cref="TrustedIssuers"/>, or <see cref="GoogleIssuers"/> when it is empty.</summary>
    public IReadOnlyList<string> EffectiveIssuers => TrustedIssuers.Count > 0 ? [.. TrustedIssuers] : GoogleIssuers;
}
