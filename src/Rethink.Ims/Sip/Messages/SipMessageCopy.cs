namespace Rethink.Ims.Sip.Messages;

/// <summary>
/// Copies a message into memory of its own: what must outlive the pooled receive buffer (a response handed to a client
/// transaction's user after the transport disposes the original, a request a proxy forwards and retransmits).
/// </summary>
/// <remarks>
/// Nothing is written or parsed again: the received bytes are copied once and the header index points into the copy at
/// the same offsets. A copy's bytes never change (changes go to its arena), so copies of a copy (a proxy's branch
/// requests of its copy of the received request) share them and take only their own header index and arena.
/// </remarks>
internal static class SipMessageCopy
{
    /// <summary>A copy that the original's disposal does not touch, and that changes independently of it.</summary>
    public static T Detach<T>(T message)
        where T : SipMessage => (T)message.Copy();

    /// <summary>
    /// The message itself when its bytes are its own (<see cref="OwnedBytes"/>: nothing pooled to give back, so its
    /// disposal is made a no-op), else a <see cref="Detach"/>ed copy: for a reader that only reads on after the receiver
    /// disposes it (a response handed to a client transaction), never for one that changes it while another reads.
    /// </summary>
    public static T KeepPastDisposal<T>(T message)
        where T : SipMessage => (T)message.KeepPastDisposal();
}
