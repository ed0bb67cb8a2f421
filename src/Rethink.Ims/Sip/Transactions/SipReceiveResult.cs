namespace Rethink.Ims.Sip.Transactions;

/// <summary>The result of <see cref="SipTransactionLayer.ReceiveAsync"/>.</summary>
/// <param name="Outcome">What was done with the message.</param>
/// <param name="ServerTransaction">The server transaction the request started or matched, when there is one.</param>
/// <param name="ClientTransaction">The client transaction the response matched, when there is one.</param>
public readonly record struct SipReceiveResult(
    SipReceiveOutcome Outcome,
    SipServerTransaction? ServerTransaction = null,
    SipClientTransaction? ClientTransaction = null);
