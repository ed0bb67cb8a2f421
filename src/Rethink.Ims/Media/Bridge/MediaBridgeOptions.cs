using Rethink.Ims.Media.Dtls;
using Rethink.Ims.Media.Ice;

namespace Rethink.Ims.Media.Bridge;

/// <summary>Settings of the media bridge, bound from <c>Ims:MediaBridge</c>.</summary>
public sealed class MediaBridgeOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Ims:MediaBridge";

    /// <summary>The local address media sockets bind to (an IP address, IPv4 or IPv6). Default 127.0.0.1.</summary>
    public string BindAddress { get; set; } = "127.0.0.1";

    /// <summary>
    /// The address written into SDP (c= line and the ICE host candidate); null or empty uses <see cref="BindAddress"/>.
    /// Set it when the bridge is reached through a public address (1:1 NAT) or when it binds to a wildcard address.
    /// </summary>
    public string? AdvertisedAddress { get; set; }

    /// <summary>The lowest UDP port media may use. Default 30000.</summary>
    public int PortMin { get; set; } = 30000;

    /// <summary>The highest UDP port media may use. Default 39999.</summary>
    public int PortMax { get; set; } = 39999;

    /// <summary>At most this many calls at once; further offers are refused (503 / ng "load limit"). Default 1000.</summary>
    public int MaxCalls { get; set; } = 1000;

    /// <summary>
    /// A call is torn down when one of its legs has received nothing valid (RTP, RTCP or an authenticated ICE check)
    /// for this long once media was set up (after the answer). Default 60 s, as rtpengine's <c>timeout</c>.
    /// </summary>
    public TimeSpan MediaTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How long an offer may wait for its answer before the call is dropped (a call that rings this long without an
    /// answer is abandoned). Default 5 minutes.
    /// </summary>
    public TimeSpan AnswerTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often each leg sends its own RTCP report (RTCP is terminated per leg). Default 5 s.</summary>
    public TimeSpan RtcpInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// When the other leg's codec is also offered on this leg, choose it so packets are relayed without
    /// transcoding (default true). False keeps our codec order (Opus first on the WebRTC leg), so a browser call
    /// to G.711 is transcoded.
    /// </summary>
    public bool PreferPassthrough { get; set; } = true;

    /// <summary>
    /// Whether the edge proxy's anchoring hook (<see cref="MediaBridgeControl"/> as the proxy's media anchor) also
    /// anchors calls between two plain endpoints (a SIP phone and the IMS core), relaying their packets unchanged
    /// through the bridge. Default false: only WebRTC↔plain calls are anchored. Offers over the ng protocol are
    /// anchored either way, as rtpengine anchors every call it is asked to.
    /// </summary>
    public bool AnchorPlainCalls { get; set; }

    /// <summary>The Opus encoder's complexity (0–10) when transcoding to Opus. Default 5.</summary>
    public int OpusComplexity { get; set; } = 5;

    /// <summary>ICE timers of the WebRTC leg (consent timeout, connect timeout, remembered candidates).</summary>
    public IceAgentOptions Ice { get; set; } = new();

    /// <summary>DTLS settings of the WebRTC leg (handshake timeout, MTU, SRTP profiles).</summary>
    public DtlsOptions Dtls { get; set; } = new();

    /// <summary>The address SDP carries: <see cref="AdvertisedAddress"/> when set, else <see cref="BindAddress"/>.</summary>
    public string EffectiveAdvertisedAddress => string.IsNullOrWhiteSpace(AdvertisedAddress) ? BindAddress : AdvertisedAddress;
}
