using System.Diagnostics.CodeAnalysis;
using Rethink.Ims.Sip.Messages;

namespace Rethink.Ims.Sip.Transactions;

/// <summary>
/// An RFC 3261 §17.2 server transaction: INVITE (Proceeding, Completed, Confirmed, Accepted, Terminated; timers G, H, I, L)
/// or non-INVITE (Trying, Proceeding, Completed, Terminated; timer J). The TU answers through <see cref="SendResponseAsync"/>;
/// retransmitted requests and the ACK of a non-2xx final response are absorbed by the layer.
/// </summary>
[SuppressMessage("Design", "CA1001", Justification = "The CancellationTokenSource has no timer or wait handle; its token must stay readable after termination, so it is never disposed.")]
public sealed class SipServerTransaction : SipTransaction
{
    // Completion is rarely awaited (a proxy's INVITE): its task is made on first request, and a transaction that ended
    // before anyone asked hands out a shared completed task.
    private static readonly Task<SipServerTransactionOutcome>[] Ended =
        [.. Enum.GetValues<SipServerTransactionOutcome>().Select(Task.FromResult)];

    private TaskCompletionSource<SipServerTransactionOutcome>? _completion;
    private SipServerTransactionOutcome? _outcome;

    private readonly CancellationTokenSource? _cancel;
    private SipResponse? _lastResponse;

    // A final response waiting in Completed over UDP, kept as bytes only (the response and request objects go).
    private SipKeptResponse? _kept;
    private bool _timerResendDue;

    // An INVITE's 100 Trying, built before the TU runs (a message is not thread-safe): sent by whoever takes it first, the
    // TU (a proxy's immediate 100) or the layer's 200 ms timer; dropped with the first response, so nothing keeps it.
    private SipResponse? _preparedTrying;

    internal SipServerTransaction(SipTransactionLayer layer, SipRequest request, SipTransactionDestination source, bool isReliable,
        string branch, SipServerTransaction? cancelTarget)
        : base(layer, request, source, isReliable, branch)
    {
        CurrentState = IsInvite ? SipTransactionState.Proceeding : SipTransactionState.Trying;
        CancelTarget = cancelTarget;
        if (IsInvite)
        {
            _cancel = new CancellationTokenSource();
        }
    }

    /// <summary>For a CANCEL: the INVITE server transaction it matched (RFC 3261 §9.2), or null (answer 481). The TU answers the
    /// CANCEL with 200 through this transaction, and the INVITE with 487 through the target when it has no final response yet.</summary>
    public SipServerTransaction? CancelTarget { get; }

    /// <summary>For an INVITE: cancelled when a matching CANCEL arrives (a proxy then cancels its branches). None otherwise.</summary>
    public CancellationToken CancellationRequested => _cancel?.Token ?? CancellationToken.None;

    /// <summary>The latest response sent, which a retransmitted request gets again; null before the first, once a final
    /// response is kept only as its bytes (non-INVITE, or INVITE non-2xx, over an unreliable transport), and once an
    /// INVITE's 2xx moved it to Accepted (where retransmitted INVITEs are absorbed, not answered).</summary>
    public SipResponse? LastResponse
    {
        get
        {
            lock (Sync)
            {
                return _lastResponse;
            }
        }
    }

    /// <summary>Keeps <paramref name="trying"/> (a 100 built for this INVITE) until a response goes out or someone takes it.</summary>
    internal void PrepareTrying(SipResponse trying) => Volatile.Write(ref _preparedTrying, trying);

    /// <summary>The prepared 100 Trying, once: null when another took it, or when a response already went out.</summary>
    internal SipResponse? TakePreparedTrying() => Interlocked.Exchange(ref _preparedTrying, null);

    /// <summary>Completes when the transaction terminates, saying how.</summary>
    public Task<SipServerTransactionOutcome> Completion
    {
        get
        {
            lock (Sync)
            {
                return _outcome is { } outcome
                    ? Ended[(int)outcome]
                    : (_completion ??= new(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
            }
        }
    }

    internal override string Kind => IsInvite ? "server-invite" : "server-non-invite";

    /// <summary>
    /// Sends <paramref name="response"/> and moves the state machine: a provisional keeps or enters Proceeding; a final
    /// enters Completed (INVITE 2xx: Accepted, RFC 6026). The transaction keeps the response (to re-send it), so the TU
    /// must not change it afterwards; a final response that waits in Completed over an unreliable transport is kept as its
    /// serialized bytes instead, and the transaction then also lets go of <see cref="SipTransaction.Request"/>, as it does
    /// in Accepted (keeping neither request nor 2xx: the TU re-sends a 2xx itself).
    /// </summary>
    /// <returns>False when the state allows no such response (a final already sent, except further 2xx of an INVITE in
    /// Accepted; terminated) or the transport failed.</returns>
    public async ValueTask<bool> SendResponseAsync(SipResponse response, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(response);

        // Serialized before the state changes, so a retransmission that arrives meanwhile finds the bytes; the first send
        // uses the same bytes, so every copy is identical.
        SipKeptResponse? kept = KeepsBytes(response.StatusCode) ? Layer.Keep(response, this) : null;
        bool terminateAfterSend;
        lock (Sync)
        {
            if (!Accept(response, kept, out terminateAfterSend))
            {
                return false;
            }

            _preparedTrying = null;
        }

        var sent = kept is { } bytes
            ? await Layer.SendAsync(bytes, this, cancellationToken).ConfigureAwait(false)
            : await Layer.SendAsync(response, this, cancellationToken).ConfigureAwait(false);
        if (!sent)
        {
            OnTransportError();
            return false;
        }

        if (terminateAfterSend)
        {
            lock (Sync)
            {
                Terminate(SipServerTransactionOutcome.Completed);
            }
        }

        return true;
    }

    /// <summary>
    /// Sends a final response to a non-INVITE request and ends the transaction at once instead of waiting in Completed
    /// (timer J, 32 s over UDP) with the response: stateless UAS behaviour (RFC 3261 §8.2.7), for answers that are cheap to
    /// compute again and have no side effect, such as a challenge to a request without credentials. A retransmission
    /// arriving afterwards is a new request. A provisional response, or any response to an INVITE, goes through
    /// <see cref="SendResponseAsync"/> (an INVITE's final response must see its ACK absorbed).
    /// </summary>
    /// <returns>False when the transaction already had a final response or had ended, or the transport failed.</returns>
    public async ValueTask<bool> SendFinalStatelessAsync(SipResponse response, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (IsInvite || response.StatusCode < 200)
        {
            return await SendResponseAsync(response, cancellationToken).ConfigureAwait(false);
        }

        lock (Sync)
        {
            if (CurrentState is not (SipTransactionState.Trying or SipTransactionState.Proceeding))
            {
                return false;
            }

            // Completed takes no other response; a retransmission meanwhile is absorbed (there is no response to re-send).
            CurrentState = SipTransactionState.Completed;
            _preparedTrying = null;
        }

        if (!await Layer.SendAsync(response, this, cancellationToken).ConfigureAwait(false))
        {
            OnTransportError();
            return false;
        }

        lock (Sync)
        {
            Terminate(SipServerTransactionOutcome.Completed);
        }

        return true;
    }

    /// <summary>A retransmission of the request: returns the response to re-send, or its kept bytes in
    /// <paramref name="kept"/>, if any (caller sends it).</summary>
    internal SipResponse? OnRequestRetransmission(out SipKeptResponse? kept)
    {
        lock (Sync)
        {
            var resend = CurrentState is SipTransactionState.Proceeding or SipTransactionState.Completed;
            kept = resend ? _kept : null;
            return resend ? _lastResponse : null;
        }
    }

    /// <summary>An ACK matched this INVITE transaction. True when absorbed; false when it is for the TU (Accepted).</summary>
    internal bool OnAck()
    {
        lock (Sync)
        {
            switch (CurrentState)
            {
                case SipTransactionState.Completed:
                    StopAll();
                    CurrentState = SipTransactionState.Confirmed;
                    if (IsReliable || Layer.Options.T4 == TimeSpan.Zero)
                    {
                        Terminate(SipServerTransactionOutcome.Completed);
                    }
                    else
                    {
                        Schedule(WaitSlot, Layer.Options.T4, "I");
                    }

                    return true;
                case SipTransactionState.Accepted:
                    return false;
                default:
                    return true;
            }
        }
    }

    /// <summary>A CANCEL matched this INVITE transaction.</summary>
    internal void OnCancel()
    {
        _cancel?.Cancel();
    }

    internal override void OnTransportError()
    {
        lock (Sync)
        {
            if (CurrentState != SipTransactionState.Terminated)
            {
                Layer.LogTransportError(this);
                Terminate(SipServerTransactionOutcome.TransportError);
            }
        }
    }

    internal override void Abort()
    {
        lock (Sync)
        {
            Terminate(SipServerTransactionOutcome.Aborted);
        }
    }

    private protected override SipMessage? OnTimer(int slot, string name, TimeSpan interval)
    {
        var options = Layer.Options;
        switch (name)
        {
            case "G" when CurrentState == SipTransactionState.Completed:
                Schedule(RetransmitSlot, Min(interval * 2, options.T2), "G");
                Layer.Metrics?.Retransmitted("response");
                _timerResendDue = _kept is not null;
                return _lastResponse;
            case "H":
                Layer.LogTimeout(this, "H");
                Terminate(SipServerTransactionOutcome.AckTimeout);
                return null;
            default:
                // I, J, L: the wait is over.
                Terminate(SipServerTransactionOutcome.Completed);
                return null;
        }
    }

    private protected override SipKeptResponse? TakeTimerResend()
    {
        if (!_timerResendDue)
        {
            return null;
        }

        _timerResendDue = false;
        return _kept;
    }

    /// <summary>True when a final response with <paramref name="code"/> would wait in Completed to be re-sent: over an
    /// unreliable transport, any non-INVITE final and an INVITE's non-2xx final.</summary>
    private bool KeepsBytes(int code) => !IsReliable && code >= (IsInvite ? 300 : 200);

    /// <summary>Keeps <paramref name="kept"/> instead of the response object and the request; caller holds the lock.</summary>
    private void KeepBytes(SipResponse response, SipKeptResponse? kept)
    {
        if (kept is null)
        {
            _lastResponse = response;
            return;
        }

        _kept = kept;
        _lastResponse = null;
        ReleaseRequest();
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private bool Accept(SipResponse response, SipKeptResponse? kept, out bool terminateAfterSend)
    {
        terminateAfterSend = false;
        var options = Layer.Options;
        var code = response.StatusCode;
        if (IsInvite)
        {
            switch (CurrentState)
            {
                case SipTransactionState.Proceeding when code < 200:
                    _lastResponse = response;
                    return true;
                case SipTransactionState.Proceeding when code < 300:
                    // RFC 6026: wait in Accepted (timer L) so retransmitted INVITEs are absorbed while the TU re-sends its 2xx.
                    // Absorbing needs only the key: the request and the 2xx are let go of, 32 s of them being most of what a
                    // proxy holds per call.
                    _lastResponse = null;
                    ReleaseRequest();
                    CurrentState = SipTransactionState.Accepted;
                    Schedule(WaitSlot, options.T1 * 64, "L");
                    return true;
                case SipTransactionState.Proceeding:
                    KeepBytes(response, kept);
                    CurrentState = SipTransactionState.Completed;
                    if (!IsReliable)
                    {
                        Schedule(RetransmitSlot, options.T1, "G");
                    }

                    Schedule(WaitSlot, options.T1 * 64, "H");
                    return true;
                case SipTransactionState.Accepted when code is >= 200 and < 300:
                    return true;
                default:
                    return false;
            }
        }

        if (CurrentState is not (SipTransactionState.Trying or SipTransactionState.Proceeding))
        {
            return false;
        }

        if (code < 200)
        {
            _lastResponse = response;
            CurrentState = SipTransactionState.Proceeding;
            return true;
        }

        KeepBytes(response, kept);
        CurrentState = SipTransactionState.Completed;
        if (IsReliable)
        {
            terminateAfterSend = true;
        }
        else
        {
            Schedule(WaitSlot, options.T1 * 64, "J");
        }

        return true;
    }

    /// <summary>Caller holds the lock.</summary>
    private void Terminate(SipServerTransactionOutcome outcome)
    {
        if (CurrentState == SipTransactionState.Terminated)
        {
            return;
        }

        CurrentState = SipTransactionState.Terminated;
        _kept = null;
        StopAll();
        Layer.Remove(this);
        _outcome = outcome;
        _completion?.TrySetResult(outcome);
    }
}
