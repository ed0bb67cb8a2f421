using Rethink.Ims.Sip.Messages;
using Rethink.Ims.Sip.Transport;

namespace Rethink.Ims.Sip.Transactions;

/// <summary>
/// The transaction layer's send abstraction over the SIP transport: a destination's <see cref="SipTransactionDestination.Flow"/>
/// is the <see cref="SipFlow"/> a request came on. Responses go through the <see cref="ISipResponseSender"/> (RFC 3261 §18.2.2:
/// the same connection, or over UDP to the top Via's received/rport), requests straight onto the flow.
/// </summary>
/// <remarks>
/// A destination without a flow cannot be reached yet: opening connections and RFC 3263 resolution are not done, so such a
/// send reports a transport error (false), which the transaction turns into its outcome or a local 503.
/// </remarks>
public sealed class SipFlowTransactionTransport : ISipTransactionTransport
{
    private readonly ISipResponseSender _responses;

    /// <summary>Creates the adapter; <paramref name="responses"/> routes responses (the transport's §18.2.2 sender).</summary>
    public SipFlowTransactionTransport(ISipResponseSender responses)
    {
        ArgumentNullException.ThrowIfNull(responses);
        _responses = responses;
    }

    /// <summary>The destination of a request received on <paramref name="flow"/>: its transport, source address and the flow itself.</summary>
    public static SipTransactionDestination DestinationOf(SipFlow flow)
    {
        ArgumentNullException.ThrowIfNull(flow);
        return new SipTransactionDestination(flow.Transport, flow.RemoteEndPoint, flow);
    }

    /// <inheritdoc />
    public async ValueTask<bool> SendAsync(SipMessage message, SipTransactionDestination destination, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (destination.Flow is not SipFlow flow)
        {
            return false;
        }

        var result = message is SipResponse response
            ? await _responses.SendAsync(response, flow, cancellationToken).ConfigureAwait(false)
            : await flow.SendAsync(message, cancellationToken).ConfigureAwait(false);
        return result == SipSendResult.Sent;
    }

    /// <inheritdoc />
    public async ValueTask<bool> SendAsync(ReadOnlyMemory<byte> message, SipTransactionDestination destination, CancellationToken cancellationToken)
    {
        if (destination.Flow is not SipFlow flow)
        {
            return false;
        }

        var result = await flow.SendAsync(message, cancellationToken).ConfigureAwait(false);
        (_responses as SipResponseSender)?.CountFailure(result, flow);
        return result == SipSendResult.Sent;
    }

    /// <inheritdoc />
    public SipTransactionDestination ResponseDestination(SipResponse response, SipTransactionDestination destination)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (destination.Flow is not SipFlow flow)
        {
            return destination;
        }

        var target = SipResponseSender.TargetOf(response, flow);
        return ReferenceEquals(target, flow) ? destination : DestinationOf(target);
    }

    /// <inheritdoc />
    public bool IsReliable(SipTransactionDestination destination) =>
        destination.Flow is SipFlow flow ? flow.IsReliable : destination.Transport != SipTransportKind.Udp;
}
