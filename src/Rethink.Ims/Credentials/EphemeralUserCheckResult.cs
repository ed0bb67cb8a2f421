namespace Rethink.Ims.Credentials;

/// <summary>
/// Outcome of comparing the user named in an ephemeral username with a SIP URI, as Kamailio's
/// <c>autheph_check_from</c> / <c>autheph_check_to</c> do. Each value equals the code Kamailio returns.
/// </summary>
/// <remarks>
/// A separate type from <see cref="EphemeralCheckResult"/> because Kamailio reuses -2 here for "no user part",
/// where the credential checks use -2 for a wrong password.
/// </remarks>
public enum EphemeralUserCheckResult
{
    /// <summary>The user (and domain, when the username names one) equals the URI's (Kamailio 1, <c>CHECK_OK</c>).</summary>
    Match = 1,

    /// <summary>The user or domain differs from the URI's, or the username is empty (Kamailio -1, <c>CHECK_ERROR</c>).</summary>
    Mismatch = -1,

    /// <summary>The username has no user part: no <c>:</c>, or <c>:</c> is its last character (Kamailio -2, <c>CHECK_NO_USER</c>).</summary>
    NoUser = -2,
}
