namespace Rethink.Ims.Credentials;

/// <summary>Checks ephemeral credentials exactly as Kamailio <c>auth_ephemeral</c> does.</summary>
public sealed class EphemeralCredentialVerifier
{
    /// <summary>Creates a verifier.</summary>
    public EphemeralCredentialVerifier(SecretRing secrets, EphemeralCredentialOptions options, TimeProvider time) =>
        throw new NotImplementedException();

    /// <summary>Checks a username and plain password: expiry first, then the password against every secret, newest first.</summary>
    public EphemeralCheckResult Verify(ReadOnlySpan<char> username, ReadOnlySpan<char> password) =>
        throw new NotImplementedException();
}
