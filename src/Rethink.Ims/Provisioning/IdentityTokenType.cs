namespace Rethink.Ims.Provisioning;

/// <summary>Which kind of bearer token the credential endpoint accepts (<c>Ims:EphemeralAuth:TokenType</c>).</summary>
public enum IdentityTokenType
{
    /// <summary>OpenID Connect ID tokens (Google Sign-In), verified locally against the issuer's keys. The default.</summary>
    IdToken,

    /// <summary>Google OAuth access tokens checked with Google's tokeninfo and userinfo endpoints, as the original service did.</summary>
    AccessToken,
}
