namespace Rethink.Ims.Sip.Transactions;

/// <summary>What the transaction layer did with a received message, and so what its caller does next.</summary>
public enum SipReceiveOutcome
{
    /// <summary>A request started a server transaction (<see cref="SipReceiveResult.ServerTransaction"/>): hand it to the TU,
    /// which answers through the transaction. For CANCEL, <see cref="SipServerTransaction.CancelTarget"/> is the matched INVITE.</summary>
    NewServerTransaction,

    /// <summary>A retransmitted request, absorbed (the latest response was re-sent if there was one).</summary>
    RequestRetransmission,

    /// <summary>The ACK of a non-2xx final response, absorbed by its INVITE server transaction.</summary>
    AckAbsorbed,

    /// <summary>An ACK that matches no server transaction (the ACK of a 2xx, end to end): hand it to the TU / proxy core.</summary>
    AckForTransactionUser,

    /// <summary>A response delivered to its client transaction (<see cref="SipReceiveResult.ClientTransaction"/>),
    /// which passed it to its user.</summary>
    ResponseDelivered,

    /// <summary>A response absorbed by its client transaction (a retransmitted final response).</summary>
    ResponseAbsorbed,

    /// <summary>A response that matches no client transaction: a proxy forwards it statelessly (RFC 3261 §16.7), a UA drops it.</summary>
    StrayResponse,

    /// <summary>The transaction limit was reached: a stateless 503 with Retry-After was sent.</summary>
    RefusedOverload,

    /// <summary>The request cannot be matched (branch only the magic cookie under <see cref="SipCookieOnlyBranchPolicy.Reject"/>):
    /// a stateless 400 was sent (nothing for an ACK).</summary>
    RejectedBadRequest,

    /// <summary>The message lacks what matching needs (top Via, CSeq); dropped.</summary>
    Dropped,
}
