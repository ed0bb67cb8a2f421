namespace Rethink.Ims.Sip.Registrar;

/// <summary>
/// Which address-of-record a REGISTER from an ephemeral user (<c>sip:&lt;expiry&gt;:&lt;user&gt;@domain</c>, digest user
/// <c>&lt;expiry&gt;:&lt;user&gt;</c>) is filed under.
/// </summary>
public enum EphemeralAorRule
{
    /// <summary>
    /// File under the user the credential names (<c>sip:alice@domain</c>) when the request was authenticated and the
    /// To URI's <c>user:password</c> is the digest username, or the To user is the credential's timestamp. Default.
    /// </summary>
    AuthenticatedUser = 0,

    /// <summary>File under the To URI's user part as a URI parser reads it (<c>sip:&lt;expiry&gt;@domain</c>), as Kamailio does.</summary>
    ToUri = 1,
}
