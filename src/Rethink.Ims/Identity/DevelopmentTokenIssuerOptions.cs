namespace Rethink.Ims.Identity;

/// <summary>Settings of <see cref="DevelopmentTokenIssuer"/>.</summary>
public sealed class DevelopmentTokenIssuerOptions
{
    /// <summary>The <c>iss</c> of issued tokens; trust it in <see cref="IdTokenValidationOptions.TrustedIssuers"/>. Default <c>rethink-ims-dev</c>.</summary>
    public string Issuer { get; set; } = "rethink-ims-dev";

    /// <summary>The <c>aud</c> of issued tokens; list it in <see cref="IdTokenValidationOptions.Audiences"/>. Default <c>rethink-ims-dev</c>.</summary>
    public string Audience { get; set; } = "rethink-ims-dev";

    /// <summary>Lifetime of a token when the caller gives none. Default one hour (as Google's ID tokens).</summary>
    public TimeSpan DefaultLifetime { get; set; } = TimeSpan.FromHours(1);
}
