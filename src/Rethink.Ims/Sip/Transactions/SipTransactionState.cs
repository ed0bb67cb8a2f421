namespace Rethink.Ims.Sip.Transactions;

/// <summary>The states of RFC 3261 §17 transactions (with RFC 6026's Accepted).</summary>
public enum SipTransactionState
{
    /// <summary>INVITE client: request sent, no response yet.</summary>
    Calling,

    /// <summary>Non-INVITE client or server: request sent or received, no response yet.</summary>
    Trying,

    /// <summary>A provisional response was received (client) or sent (server); an INVITE server transaction starts here.</summary>
    Proceeding,

    /// <summary>A final response was received or sent (non-2xx for INVITE); absorbing retransmissions.</summary>
    Completed,

    /// <summary>INVITE server: the ACK for a non-2xx final response arrived; absorbing further ACKs (timer I).</summary>
    Confirmed,

    /// <summary>INVITE, RFC 6026: a 2xx was received or sent; 2xx retransmissions go through, request retransmissions are absorbed (timers L, M).</summary>
    Accepted,

    /// <summary>Done; the transaction is no longer matched.</summary>
    Terminated,
}
