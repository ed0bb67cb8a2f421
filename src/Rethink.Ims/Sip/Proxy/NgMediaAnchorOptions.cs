namespace Rethink.Ims.Sip.Proxy;

/// <summary>
/// Where the edge proxy's media anchor sends rtpengine ng commands (bound from <c>Ims:Sip:MediaAnchor</c>): our media
/// server sample or a real rtpengine, both on their ng control port.
/// </summary>
public sealed class NgMediaAnchorOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Ims:Sip:MediaAnchor";

    /// <summary>The ng control address, <c>udp:host:port</c> or <c>host:port</c> (an IP literal). Default <c>udp:127.0.0.1:2223</c>.</summary>
    public string Ng { get; set; } = "udp:127.0.0.1:2223";

    /// <summary>How long to wait for a reply before sending the command again with the same cookie. Default 1 s.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How many times a command is sent before the media server counts as unreachable. Default 3.</summary>
    public int Attempts { get; set; } = 3;

    /// <summary>
    /// Most anchored calls remembered at once (Call-ID to the offerer's profile, to shape answers and deletes). Beyond it
    /// the oldest are forgotten (a call that never ended with a BYE). Default 100,000.
    /// </summary>
    public int MaxCalls { get; set; } = 100_000;

    /// <summary>
    /// Whether calls between two plain endpoints (a SIP phone and the IMS core) are anchored too: sent as ng offers
    /// asking for plain RTP, which rtpengine and our media server both anchor as a plain relay. Default false: only
    /// calls with a WebRTC side are sent, and a plain call's SDP passes unchanged.
    /// </summary>
    public bool AnchorPlainCalls { get; set; }

    /// <summary>
    /// Extra ng flags sent with every offer and answer (e.g. <c>trust-address</c> for rtpengine behind a proxy that
    /// already rewrote addresses). Default none.
    /// </summary>
    public IList<string> Flags { get; } = [];
}
