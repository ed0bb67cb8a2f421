using Rethink.Ims.Sip.Messages;

namespace Rethink.Ims.Sip.Transport;

/// <summary>
/// Sends responses as RFC 3261 §18.2.2 says: over a connection-oriented flow, back over the same connection;
/// over UDP, to the top Via's <c>received</c> address and <c>rport</c> (or sent-by) port through the socket the
/// request came in on.
/// </summary>
public sealed class SipResponseSender : ISipResponseSender
{
    private readonly SipTransportMetrics? _metrics;

    /// <summary>Creates the sender; <paramref name="metrics"/> counts what fails to go out.</summary>
    public SipResponseSender(SipTransportMetrics? metrics = null) => _metrics = metrics;

    /// <inheritdoc />
    public async ValueTask<SipSendResult> SendAsync(SipResponse response, SipFlow flow, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(flow);
        var result = await TargetOf(response, flow).SendAsync(response, cancellationToken).ConfigureAwait(false);
        CountFailure(result, flow);
        return result;
    }

    /// <summary>The flow <paramref name="response"/> to a request received on <paramref name="flow"/> leaves on: the flow itself
    /// over a connection; over UDP, the same socket towards the top Via's received/rport (or sent-by) address.</summary>
    internal static SipFlow TargetOf(SipResponse response, SipFlow flow)
    {
        if (flow is SipDatagramFlow datagram && response.Via.TryGetFirst(out var via)
            && !SipViaRules.IsResponseDestination(via, flow.RemoteEndPoint))
        {
            var destination = SipViaRules.ResponseDestination(via);
            if (destination is not null && !destination.Equals(flow.RemoteEndPoint))
            {
                return datagram.WithRemote(destination);
            }
        }

        return flow;
    }

    /// <summary>Counts a response that did not go out.</summary>
    internal void CountFailure(SipSendResult result, SipFlow flow)
    {
        if (result != SipSendResult.Sent)
        {
            _metrics?.Dropped(flow.Transport, "send-" + result.ToString().ToLowerInvariant());
        }
    }
}
