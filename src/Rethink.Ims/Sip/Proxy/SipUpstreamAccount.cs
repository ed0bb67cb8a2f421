namespace Rethink.Ims.Sip.Proxy;

/// <summary>The credentials the edge registers one user with at the core (<see cref="SipUpstreamAuthentication.StaticAccount"/>).</summary>
public sealed class SipUpstreamAccount
{
    /// <summary>The digest username at the core (an IMS private identity, e.g. <c>alice@ims.example.net</c>).</summary>
    public string Username { get; set; } = string.Empty;

    /// <summary>The digest password. Never logged.</summary>
    public string Password { get; set; } = string.Empty;

    /// <inheritdoc />
    public override string ToString() => $"{Username} (password hidden)";
}
