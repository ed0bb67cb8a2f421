namespace Rethink.Ims.Sip.Transactions;

/// <summary>How a server transaction ended (<see cref="SipServerTransaction.Completion"/>).</summary>
public enum SipServerTransactionOutcome
{
    /// <summary>The final response was sent (and for an INVITE non-2xx, acknowledged) and the transaction ran its course.</summary>
    Completed,

    /// <summary>INVITE: timer H fired before the ACK of the non-2xx final response arrived.</summary>
    AckTimeout,

    /// <summary>A response could not be sent (RFC 3261 §17.2.4).</summary>
    TransportError,

    /// <summary>The layer was disposed before the transaction finished.</summary>
    Aborted,
}
