using Rethink.Ims.Sip.Messages;

namespace Rethink.Ims.Sip.Transport;

/// <summary>
/// Where the transport hands what it received, parsed and with the top Via stamped (received/rport). The
/// seam between the transport and what sits above it: the pipeline today; a transaction layer can wrap or
/// replace it (absorbing retransmissions and matching responses) without the transport changing.
/// </summary>
public interface ISipInboundHandler
{
    /// <summary>Handles a request. The transport disposes <paramref name="request"/> when the returned task ends.</summary>
    Task OnRequestAsync(SipRequest request, SipFlow flow, CancellationToken cancellationToken);

    /// <summary>Handles a response. The transport disposes <paramref name="response"/> when the returned task ends.</summary>
    Task OnResponseAsync(SipResponse response, SipFlow flow, CancellationToken cancellationToken);
}
