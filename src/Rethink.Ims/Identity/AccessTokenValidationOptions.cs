namespace Rethink.Ims.Identity;

/// <summary>Settings of <see cref="GoogleAccessTokenValidator"/>.</summary>
/// <remarks>Lists default to empty so that configuration binding (which appends to a list) starts from nothing.</remarks>
public sealed class AccessTokenValidationOptions
{
    /// <summary>Google's token information endpoint; the token is sent as the <c>access_token</c> query parameter.</summary>
    public static readonly Uri GoogleTokenInfoUrl = new("https://oauth2.googleapis.com/tokeninfo");

    /// <summary>Google's OpenID Connect user information endpoint; the token is sent as a Bearer token.</summary>
    public static readonly Uri GoogleUserInfoUrl = new("https://openidconnect.googleapis.com/v1/userinfo");

    /// <summary>The tokeninfo endpoint. Default <see cref="GoogleTokenInfoUrl"/>. https unless the host is loopback.</summary>
    public Uri TokenInfoUrl { get; set; } = GoogleTokenInfoUrl;

    /// <summary>The userinfo endpoint, source of the e-mail address. Default <see cref="GoogleUserInfoUrl"/>. https unless the host is loopback.</summary>
    public Uri UserInfoUrl { get; set; } = GoogleUserInfoUrl;

    /// <summary>
    /// When not empty, tokeninfo's <c>aud</c> or <c>azp</c> must be one of these OAuth client ids. Default empty:
    /// no audience check, as the original service (which accepted any Google application's token). Set it.
    /// </summary>
    public IList<string> Audiences { get; } = [];

    /// <summary>When set, userinfo's <c>hd</c> (Google Workspace domain) must equal it (ignoring case). Default: not checked.</summary>
    public string? HostedDomain { get; set; }

    /// <summary>
    /// Whether userinfo's <c>email_verified</c> must be true. Default <see langword="true"/>, unlike the original
    /// service: a Google account can be opened with someone else's address, which stays unverified.
    /// </summary>
    public bool RequireVerifiedEmail { get; set; } = true;

    /// <summary>The issuer recorded in <see cref="ImsIdentity.Issuer"/> for accepted tokens. Default <c>https://accounts.google.com</c>.</summary>
    public string Issuer { get; set; } = "https://accounts.google.com";

    /// <summary>Longest token accepted, in characters, checked before anything else. Default 4 KiB (Google's access tokens are far shorter).</summary>
    public int MaxTokenLength { get; set; } = 4 * 1024;

    /// <summary>How long each call to Google may take before the token is refused as <see cref="IdentityFailureReason.ProviderUnavailable"/>. Default 10 seconds.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
