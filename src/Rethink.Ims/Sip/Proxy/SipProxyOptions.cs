namespace Rethink.Ims.Sip.Proxy;

/// <summary>The edge proxy's settings (bound from <c>Ims:Sip:Proxy</c>).</summary>
public sealed class SipProxyOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Ims:Sip:Proxy";

    /// <summary>
    /// Where requests for non-local domains go (an IMS core, a SIP trunk): <c>udp://host:port</c>, <c>tcp://…</c>,
    /// <c>tls://…</c> or a SIP URI such as <c>sip:core.example.net:5060;transport=tcp</c>. The host may be a name (A/AAAA;
    /// no NAPTR/SRV). Requests arriving from its address are trusted as coming from the core. Null: such requests get
    /// <c>403 Not relaying</c>.
    /// </summary>
    public string? Upstream { get; set; }

    /// <summary>
    /// Also send requests for local users who have no binding here to <see cref="Upstream"/> (the core knows users this
    /// edge does not). Default true; requests that came from the upstream are never sent back to it.
    /// </summary>
    public bool UnregisteredToUpstream { get; set; } = true;

    /// <summary>Parallel (default) or sequential by q when an address-of-record has several bindings.</summary>
    public SipForkingMode Forking { get; set; } = SipForkingMode.Parallel;

    /// <summary>Most branches one request forks to; bindings beyond it (lowest q first) are not tried.</summary>
    public int MaxBranches { get; set; } = 10;

    /// <summary>
    /// Timer C (RFC 3261 §16.6 step 11): an INVITE branch that gets no new provisional for this long is cancelled.
    /// Must be over 3 minutes by the RFC; default 3 min 10 s.
    /// </summary>
    public TimeSpan TimerC { get; set; } = TimeSpan.FromSeconds(190);

    /// <summary>
    /// After a branch has been cancelled, how long its final response (487) may take before the proxy gives up on it and
    /// treats it as a 408 (a peer that never answers a CANCEL must not hold the call). Default 32 s (64·T1).
    /// </summary>
    public TimeSpan CancelGrace { get; set; } = TimeSpan.FromSeconds(32);

    /// <summary>Insert Record-Route so in-dialog requests come through this proxy (needed across transports). Default true.</summary>
    public bool RecordRoute { get; set; } = true;

    /// <summary>Calls whose media anchor state (Call-ID to caller tag) is kept at once; older ones are dropped. Default 100,000.</summary>
    public int MaxDialogs { get; set; } = 100_000;

    /// <summary>How long a dialog's media state is kept without a BYE (a call that never ends cleanly). Default 12 h.</summary>
    public TimeSpan DialogLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>Relaying REGISTERs to the upstream (IMS core) registrar with Path and Service-Route.</summary>
    public SipRegistrationRelayOptions RegistrationRelay { get; set; } = new();
}
