namespace Rethink.Ims.Sip.Proxy;

/// <summary>
/// The edge proxy's media-anchoring hook: called when an SDP offer or answer crosses the proxy and when a call
/// ends, so a media bridge can sit between the two sides (a WebRTC leg and a plain RTP leg) by rewriting the SDP.
/// The proxy decides each side's <see cref="SipMediaProfile"/> from the flow it talks to (WS/WSS clients are
/// WebRTC, everything else plain unless configured otherwise). The default, <see cref="NoMediaAnchor"/>, leaves
/// every body unchanged.
/// </summary>
public interface ISipMediaAnchor
{
    /// <summary>An offer crosses the proxy (in an INVITE, or in a 18x/2xx for a late offer).</summary>
    ValueTask<SipMediaAnchorResult> OfferAsync(SipMediaOffer offer, CancellationToken cancellationToken);

    /// <summary>The answer to an earlier offer crosses the proxy (18x/2xx, or ACK for a late offer).</summary>
    ValueTask<SipMediaAnchorResult> AnswerAsync(SipMediaAnswer answer, CancellationToken cancellationToken);

    /// <summary>
    /// The call or one of its branches ended (BYE, CANCEL, a final failure, or a dialog timeout). A null
    /// <see cref="SipMediaDialog.ToTag"/> means every branch of the call. Must be idempotent.
    /// </summary>
    ValueTask DeleteAsync(SipMediaDialog dialog, CancellationToken cancellationToken);
}
