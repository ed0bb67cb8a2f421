using Rethink.Ims.Sip.Messages;

namespace Rethink.Ims.Sip.Transactions;

/// <summary>
/// What the transaction layer needs from the transport layer (RFC 3261 §18): a way to send a message to
/// a destination, and whether that destination is reliable (which decides the retransmission timers).
/// The transaction layer knows nothing of sockets; a transport implements this once.
/// </summary>
/// <remarks>
/// The layer may send the same message instance more than once (retransmissions) and from several threads
/// at once; it never changes a message after handing it over, and the transport must not change it either
/// (writing it with <see cref="SipMessageWriter"/> only reads it). Server responses go to the destination
/// the transport gave with the request (its flow); the transport applies RFC 3261 §18.2.2 / RFC 3581.
/// </remarks>
public interface ISipTransactionTransport
{
    /// <summary>Sends <paramref name="message"/> to <paramref name="destination"/>.</summary>
    /// <param name="message">The request or response to write; read only.</param>
    /// <param name="destination">Where it goes: the flow a request came on, or a client target.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>True when the message was handed to the network; false on a transport error (no flow, connection
    /// refused, ICMP unreachable), which the transaction reports to its user (RFC 3261 §17.1.4, §17.2.4).</returns>
    ValueTask<bool> SendAsync(SipMessage message, SipTransactionDestination destination, CancellationToken cancellationToken);

    /// <summary>
    /// Sends bytes that hold exactly one serialized message to <paramref name="destination"/> as they are. A server
    /// transaction keeps its final response only this way (RFC 3261 §17.2: a retransmitted request gets the same bytes
    /// again), so the response object can go while the transaction waits out timer J, G/H or I.
    /// </summary>
    /// <param name="message">The serialized message; read only, and sent again later from the same memory.</param>
    /// <param name="destination">Where it goes: for a response, what <see cref="ResponseDestination"/> returned.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>True when the bytes were handed to the network; false on a transport error.</returns>
    ValueTask<bool> SendAsync(ReadOnlyMemory<byte> message, SipTransactionDestination destination, CancellationToken cancellationToken);

    /// <summary>
    /// Where <paramref name="response"/> to a request received from <paramref name="destination"/> goes once RFC 3261 §18.2.2
    /// and RFC 3581 are applied (over UDP the top Via's received/rport), so that sending its bytes to the result with
    /// <see cref="SendAsync(ReadOnlyMemory{byte}, SipTransactionDestination, CancellationToken)"/> reaches the same place as
    /// sending the response itself.
    /// </summary>
    SipTransactionDestination ResponseDestination(SipResponse response, SipTransactionDestination destination);

    /// <summary>
    /// True when <paramref name="destination"/> is reached over a reliable transport (TCP, TLS, SCTP, WebSocket):
    /// then requests and responses are not retransmitted and the wait timers (D, I, J, K) are zero.
    /// </summary>
    bool IsReliable(SipTransactionDestination destination);
}
