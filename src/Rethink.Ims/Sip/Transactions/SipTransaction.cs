using Rethink.Ims.Sip.Messages;

namespace Rethink.Ims.Sip.Transactions;

/// <summary>
/// What client and server transactions share: the request, the state, the destination and the two timer slots
/// (a retransmission timer: A, E or G; and a wait timer: B, D, F, H, I, J, K, L or M).
/// </summary>
/// <remarks>
/// Thread model: every state change happens under the transaction's own lock; messages are sent after the lock is
/// released. Timers run on the layer's shared queues (<see cref="SipTimerQueues"/>); a timer that was replaced or stopped
/// may still fire once; it then finds its ticket stale and does nothing.
/// </remarks>
public abstract class SipTransaction
{
    private protected const int RetransmitSlot = 0;
    private protected const int WaitSlot = 1;

    // One ticket per slot (RetransmitSlot, WaitSlot), as fields rather than a two-element array per transaction.
    private TimerTicket? _retransmitTicket;
    private TimerTicket? _waitTicket;
    private SipRequest? _request;

    private protected SipTransaction(SipTransactionLayer layer, SipRequest request, SipTransactionDestination destination,
        bool isReliable, string branch)
    {
        Layer = layer;
        _request = request;
        MethodName = request.Method.Name;
        Destination = destination;
        IsReliable = isReliable;
        Branch = branch;
        IsInvite = request.Method.Kind == SipMethodKind.Invite;
    }

    /// <summary>The request that created the transaction. The layer reads it only while creating the transaction, building
    /// responses or ACKs it generates; it never disposes it. The transaction lets go of it once nothing it can still do
    /// needs it: a server transaction that keeps its final response as bytes (non-INVITE or INVITE non-2xx over an
    /// unreliable transport) or has sent an INVITE's 2xx (Accepted, RFC 6026), and a client transaction once it has its
    /// final response (the ACK of a non-2xx is built before).</summary>
    /// <exception cref="InvalidOperationException">Read after the transaction released it: a bug of the caller, as nothing
    /// the request is needed for can follow.</exception>
    public SipRequest Request =>
        Volatile.Read(ref _request) ?? throw new InvalidOperationException("The transaction is past its final response and released its request.");

    /// <summary>Where messages go: the flow the request came on (server) or the target (client).</summary>
    public SipTransactionDestination Destination { get; }

    /// <summary>True when <see cref="Destination"/> is reliable (no retransmissions, zero wait timers).</summary>
    public bool IsReliable { get; }

    /// <summary>True for an INVITE transaction.</summary>
    public bool IsInvite { get; }

    /// <summary>The top Via branch of the request (for an RFC 2543 request, whatever it had, possibly empty).</summary>
    public string Branch { get; }

    /// <summary>The current state; a snapshot, as another thread may change it.</summary>
    public SipTransactionState State
    {
        get
        {
            lock (Sync)
            {
                return CurrentState;
            }
        }
    }

    private protected Lock Sync { get; } = new();

    private protected SipTransactionLayer Layer { get; }

    private protected SipTransactionState CurrentState { get; set; }

    internal SipTransactionKey Key { get; init; }

    internal abstract string Kind { get; }

    /// <summary>The request's method name, for logs once the request is released.</summary>
    internal string MethodName { get; }

    /// <summary>Forgets the request (see <see cref="Request"/>); caller holds the lock.</summary>
    private protected void ReleaseRequest() => Volatile.Write(ref _request, null);

    /// <summary>Starts (or restarts) the timer of <paramref name="slot"/>; caller holds the lock.</summary>
    private protected void Schedule(int slot, TimeSpan due, string name)
    {
        Stop(slot);
        var ticket = new TimerTicket(this, slot, name, due);
        Ticket(slot) = ticket;
        Layer.Timers.Schedule(due, ticket);
    }

    /// <summary>Stops the timer of <paramref name="slot"/>; caller holds the lock.</summary>
    private protected void Stop(int slot)
    {
        if (Ticket(slot) is { } old)
        {
            Ticket(slot) = null;
            old.Cancel();
        }
    }

    /// <summary>Stops both timers; caller holds the lock.</summary>
    private protected void StopAll()
    {
        Stop(RetransmitSlot);
        Stop(WaitSlot);
    }

    /// <summary>Handles a fired timer under the lock; returns a message to send after the lock is released, if any.</summary>
    private protected abstract SipMessage? OnTimer(int slot, string name, TimeSpan interval);

    /// <summary>Called after the lock of a state change made by a timer is released (a client transaction then calls its handler).</summary>
    private protected virtual void OnUnlocked()
    {
    }

    /// <summary>After <see cref="OnTimer"/> returned no message: kept response bytes to send after the lock is released, if
    /// any (a server transaction's timer G); caller holds the lock.</summary>
    private protected virtual SipKeptResponse? TakeTimerResend() => null;

    /// <summary>Called when a send failed (RFC 3261 §17.1.4, §17.2.4).</summary>
    internal abstract void OnTransportError();

    /// <summary>Ends the transaction because the layer is being disposed.</summary>
    internal abstract void Abort();

    private ref TimerTicket? Ticket(int slot) => ref slot == RetransmitSlot ? ref _retransmitTicket : ref _waitTicket;

    private void Fire(TimerTicket ticket)
    {
        SipMessage? toSend;
        SipKeptResponse? kept = null;
        lock (Sync)
        {
            if (!ReferenceEquals(Ticket(ticket.Slot), ticket))
            {
                return;
            }

            Ticket(ticket.Slot) = null;
            toSend = OnTimer(ticket.Slot, ticket.Name, ticket.Due);
            if (toSend is null)
            {
                kept = TakeTimerResend();
            }
        }

        OnUnlocked();

        if (toSend is not null)
        {
            Layer.SendInBackground(toSend, this);
        }
        else if (kept is { } bytes)
        {
            Layer.SendInBackground(bytes, this);
        }
    }

    /// <summary>One scheduled timer. A stopped one forgets its transaction, so the queue entry that outlives it (until its
    /// deadline) does not keep a terminated transaction alive.</summary>
    private sealed class TimerTicket(SipTransaction owner, int slot, string name, TimeSpan due) : SipTimerQueues.ITicket
    {
        private SipTransaction? _owner = owner;

        public int Slot { get; } = slot;

        public string Name { get; } = name;

        public TimeSpan Due { get; } = due;

        public bool IsCancelled => Volatile.Read(ref _owner) is null;

        public void Cancel() => _owner = null;

        public void Fire() => Volatile.Read(ref _owner)?.Fire(this);
    }
}
