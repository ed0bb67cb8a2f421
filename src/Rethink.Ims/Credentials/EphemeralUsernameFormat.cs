namespace Rethink.Ims.Credentials;

/// <summary>
/// Layout of an ephemeral username. The numeric values are those of Kamailio
/// <c>auth_ephemeral</c>'s <c>username_format</c> parameter.
/// </summary>
public enum EphemeralUsernameFormat
{
    /// <summary><c>&lt;user&gt;:&lt;expiry&gt;</c> (Kamailio format 0, deprecated).</summary>
    UserThenExpiry = 0,

    /// <summary><c>&lt;expiry&gt;:&lt;user&gt;</c> (Kamailio format 1, the default; the TURN REST draft layout).</summary>
    ExpiryThenUser = 1,
}
