namespace Rethink.Ims.Media.Control;

/// <summary>The <c>rtcp-mux</c> list of an offer or answer (Kamailio flags <c>rtcp-mux-offer</c>, <c>rtcp-mux-demux</c>, ...).</summary>
[Flags]
public enum NgRtcpMuxOptions
{
    /// <summary>Nothing asked: follow the client.</summary>
    None = 0,

    /// <summary><c>offer</c>: always offer rtcp-mux to the recipient.</summary>
    Offer = 1,

    /// <summary><c>require</c>: like offer, and act as if the recipient had accepted it (for WebRTC recipients).</summary>
    Require = 2,

    /// <summary><c>demux</c>: accept rtcp-mux from the offerer but do not offer it to the recipient.</summary>
    Demux = 4,

    /// <summary><c>accept</c>: accept rtcp-mux and pass the offer on.</summary>
    Accept = 8,

    /// <summary><c>reject</c>: refuse rtcp-mux if offered.</summary>
    Reject = 16,
}
