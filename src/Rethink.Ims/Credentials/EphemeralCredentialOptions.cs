namespace Rethink.Ims.Credentials;

/// <summary>How ephemeral credentials are laid out and signed; mirrors Kamailio <c>auth_ephemeral</c>'s parameters.</summary>
/// <remarks>Generators and verifiers copy these values when they are created; later changes do not reach them.</remarks>
public sealed class EphemeralCredentialOptions
{
    /// <summary>Username layout (Kamailio <c>username_format</c>). Default <see cref="EphemeralUsernameFormat.ExpiryThenUser"/>.</summary>
    public EphemeralUsernameFormat UsernameFormat { get; set; } = EphemeralUsernameFormat.ExpiryThenUser;

    /// <summary>HMAC algorithm (Kamailio <c>sha_algorithm</c>). Default <see cref="EphemeralHashAlgorithm.Sha1"/>.</summary>
    public EphemeralHashAlgorithm HashAlgorithm { get; set; } = EphemeralHashAlgorithm.Sha1;

    /// <summary>Throws when a value is one Kamailio would refuse to start with.</summary>
    internal void Validate()
    {
        if (UsernameFormat is not (EphemeralUsernameFormat.ExpiryThenUser or EphemeralUsernameFormat.UserThenExpiry))
        {
            throw new ArgumentOutOfRangeException(nameof(UsernameFormat), UsernameFormat, "Unknown ephemeral username format.");
        }

        if (!Enum.IsDefined(HashAlgorithm))
        {
            throw new ArgumentOutOfRangeException(nameof(HashAlgorithm), HashAlgorithm, "Unknown ephemeral hash algorithm.");
        }
    }
}
