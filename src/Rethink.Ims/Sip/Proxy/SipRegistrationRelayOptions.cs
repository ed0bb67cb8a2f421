namespace Rethink.Ims.Sip.Proxy;

/// <summary>Relaying registrations to the upstream registrar (an IMS core), bound from <c>Ims:Sip:Proxy:RegistrationRelay</c>.</summary>
public sealed class SipRegistrationRelayOptions
{
    /// <summary>
    /// Forward each REGISTER for a local domain to <see cref="SipProxyOptions.Upstream"/> with a Path naming this edge
    /// (RFC 3327), keep the Service-Route of the core's 200 for the user's originating requests (RFC 3608), and bind
    /// locally only once the core has accepted. Default false (the edge is the registrar).
    /// </summary>
    public bool Enabled { get; set; }

    /// <summary>How the edge authenticates to the core. Default <see cref="SipUpstreamAuthentication.None"/>.</summary>
    public SipUpstreamAuthentication Authentication { get; set; }

    /// <summary>
    /// Accounts for <see cref="SipUpstreamAuthentication.StaticAccount"/>, keyed by the local address-of-record without
    /// scheme (<c>alice@example.com</c>), e.g. <c>Ims:Sip:Proxy:RegistrationRelay:Accounts:alice@example.com:Username</c>.
    /// </summary>
    public IDictionary<string, SipUpstreamAccount> Accounts { get; } = new Dictionary<string, SipUpstreamAccount>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Registrations (user agent Call-IDs) relayed at once; more are refused with 503. Default 100,000.</summary>
    public int MaxRegistrations { get; set; } = 100_000;
}
