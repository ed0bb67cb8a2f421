namespace Rethink.Ims.Sip.Auth;

/// <summary>
/// A table of static SIP users (like Kamailio's subscriber table for <c>auth_check</c>), tried before ephemeral credentials.
/// Implementations must be thread-safe and fast: the lookup runs on the SIP receive path.
/// </summary>
public interface IStaticCredentialStore
{
    /// <summary>Finds the credential of <paramref name="username"/> in <paramref name="realm"/> (the realm compared case-insensitively,
    /// the username exactly).</summary>
    /// <returns>False when the user is unknown in that realm.</returns>
    bool TryGetCredential(string realm, string username, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out StaticCredential? credential);
}
