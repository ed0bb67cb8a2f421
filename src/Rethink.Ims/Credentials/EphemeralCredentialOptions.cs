namespace Rethink.Ims.Credentials;

/// <summary>How ephemeral credentials are laid out and signed; mirrors Kamailio <c>auth_ephemeral</c>'s parameters.</summary>
public sealed class EphemeralCredentialOptions
{
    /// <summary>Username layout (Kamailio <c>username_format</c>). Default <see cref="EphemeralUsernameFormat.ExpiryThenUser"/>.</summary>
    public EphemeralUsernameFormat UsernameFormat { get; set; } = EphemeralUsernameFormat.ExpiryThenUser;

    /// <summary>HMAC algorithm (Kamailio <c>sha_algorithm</c>). Default <see cref="EphemeralHashAlgorithm.Sha1"/>.</summary>
    public EphemeralHashAlgorithm HashAlgorithm { get; set; } = EphemeralHashAlgorithm.Sha1;
}
