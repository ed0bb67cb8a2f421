using System.Globalization;

namespace Rethink.Ims.Credentials;

/// <summary>A generated ephemeral credential: the signed username, its password and when it expires.</summary>
/// <param name="Username">The signed username, e.g. <c>1700000000:alice</c>.</param>
/// <param name="Password">Base64 of the HMAC of <paramref name="Username"/> under the newest secret.</param>
/// <param name="Expires">The expiry encoded in the username; the credential is valid up to and including this second.</param>
public sealed record EphemeralCredential(string Username, string Password, DateTimeOffset Expires)
{
    /// <summary>Shows the username and expiry but never the password, so a credential can be logged.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"EphemeralCredential {{ Username = {Username}, Expires = {Expires:O} }}");
}
