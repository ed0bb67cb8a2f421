using Rethink.Ims.Sip.Messages;

namespace Rethink.Ims.Sip.Transport;

/// <summary>
/// Sends a response to a request that came on <c>flow</c>. The default follows RFC 3261 §18.2.2; a
/// transaction layer wraps it to keep the response for retransmission.
/// </summary>
public interface ISipResponseSender
{
    /// <summary>Sends <paramref name="response"/> for a request received on <paramref name="flow"/>.</summary>
    ValueTask<SipSendResult> SendAsync(SipResponse response, SipFlow flow, CancellationToken cancellationToken = default);
}
