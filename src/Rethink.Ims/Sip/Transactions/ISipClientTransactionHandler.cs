using Rethink.Ims.Sip.Messages;

namespace Rethink.Ims.Sip.Transactions;

/// <summary>
/// Receives a client transaction's responses without a queue or a thread hop: on the thread that matched the response
/// (a receive thread, or a timer or send thread for a local 408/503), after the transaction's lock is released, so the
/// handler may call back into the transaction. Calls for one transaction never overlap and come in order: every response
/// passed to the user (as <see cref="SipClientTransaction.Responses"/> would carry them), then <see cref="OnTerminated"/>.
/// </summary>
public interface ISipClientTransactionHandler
{
    /// <summary>
    /// One response: a provisional, the final (received, or a local 408/503, see <see cref="SipClientTransaction.IsFinalResponseLocal"/>),
    /// or for an INVITE a further 2xx in Accepted. The next call waits until the returned task completes; an exception is
    /// logged and does not stop delivery.
    /// </summary>
    ValueTask OnResponseAsync(SipClientTransaction transaction, SipResponse response);

    /// <summary>The transaction has terminated; called once, after its last response was handled.</summary>
    void OnTerminated(SipClientTransaction transaction);
}
