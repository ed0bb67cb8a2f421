namespace Rethink.Ims.Sip.Auth;

/// <summary>Which store authenticated a request.</summary>
public enum SipAuthCredentialSource
{
    /// <summary>Not authenticated.</summary>
    None,

    /// <summary>The static user table (<see cref="IStaticCredentialStore"/>), like Kamailio's <c>auth_check</c> with a subscriber table.</summary>
    Static,

    /// <summary>An ephemeral credential (<c>&lt;expiry&gt;:&lt;user&gt;</c>) checked against the secret ring, like <c>autheph_check</c>.</summary>
    Ephemeral,
}
