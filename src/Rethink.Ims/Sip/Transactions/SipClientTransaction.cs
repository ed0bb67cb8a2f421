using System.Globalization;
using System.Threading.Channels;
using Rethink.Ims.Sip.Messages;

namespace Rethink.Ims.Sip.Transactions;

/// <summary>
/// An RFC 3261 §17.1 client transaction: INVITE (Calling, Proceeding, Completed, Accepted, Terminated; timers A, B, D, M)
/// or non-INVITE (Trying, Proceeding, Completed, Terminated; timers E, F, K). Responses reach the user once each state
/// change: on <see cref="Responses"/> (every provisional, the final, and for an INVITE further 2xx in Accepted) and the
/// final one on <see cref="Completion"/>. Started with an <see cref="ISipClientTransactionHandler"/>, the transaction
/// instead calls it with each response on the thread that matched it, after releasing its lock (the proxy's way: no
/// queue, no thread-pool work item per response).
/// </summary>
public sealed class SipClientTransaction : SipTransaction
{
    // Completion is made on first request: a proxy's branches never ask for it.
    private TaskCompletionSource<SipResponse>? _completion;
    private SipResponse? _final;
    private static readonly ChannelReader<SipResponse> NoResponses = Completed();
    private readonly Channel<SipResponse>? _responses;
    private readonly ISipClientTransactionHandler? _handler;

    /// <summary>With a handler: what waits for it, in order (null marks the end); filled under the lock.</summary>
    private Queue<SipResponse?>? _backlog;

    /// <summary>With a handler: a thread is calling it; others only add to <see cref="_backlog"/>.</summary>
    private bool _dispatching;
    private SipRequest? _ack;
    private bool _finalIsLocal;

    internal SipClientTransaction(SipTransactionLayer layer, SipRequest request, SipTransactionDestination destination,
        bool isReliable, string branch, ISipClientTransactionHandler? handler)
        : base(layer, request, destination, isReliable, branch)
    {
        CurrentState = IsInvite ? SipTransactionState.Calling : SipTransactionState.Trying;
        _handler = handler;
        if (handler is null)
        {
            _responses = Channel.CreateBounded<SipResponse>(new BoundedChannelOptions(layer.Options.ResponseQueueCapacity)
            {
                FullMode = BoundedChannelFullMode.DropWrite,
                SingleWriter = true,
            });
        }
    }

    /// <summary>The responses passed to the user, in order; completed when the transaction terminates. Bounded
    /// (<see cref="SipTransactionOptions.ResponseQueueCapacity"/>): a reader that falls behind loses the excess. Empty and
    /// completed when the transaction was started with an <see cref="ISipClientTransactionHandler"/>, which gets them instead.</summary>
    public ChannelReader<SipResponse> Responses => _responses?.Reader ?? NoResponses;

    /// <summary>The final response: the first one received, or a local 408 (timer B or F fired) or 503 (transport error,
    /// transaction limit, layer disposed).</summary>
    public Task<SipResponse> Completion
    {
        get
        {
            lock (Sync)
            {
                if (_completion is null)
                {
                    _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
                    if (_final is not null)
                    {
                        _completion.SetResult(_final);
                    }
                }

                return _completion.Task;
            }
        }
    }

    /// <summary>True when <see cref="Completion"/>'s response was made here (timeout, transport error, limit), not received.</summary>
    public bool IsFinalResponseLocal
    {
        get
        {
            lock (Sync)
            {
                return _finalIsLocal;
            }
        }
    }

    internal override string Kind => IsInvite ? "client-invite" : "client-non-invite";

    /// <summary>Schedules timers and sends the request (once the transaction is in the layer's dictionary).</summary>
    internal void Start()
    {
        var options = Layer.Options;
        lock (Sync)
        {
            if (!IsReliable)
            {
                Schedule(RetransmitSlot, options.T1, IsInvite ? "A" : "E");
            }

            Schedule(WaitSlot, options.T1 * 64, IsInvite ? "B" : "F");
        }

        Layer.SendInBackground(Request, this);
    }

    /// <summary>Refused by the transaction limit: terminated at once with a local 503.</summary>
    internal void Refuse()
    {
        lock (Sync)
        {
            CurrentState = SipTransactionState.Terminated;
            Finish(Local(503, "Service Unavailable (transaction limit)"));
        }

        Drain();
    }

    /// <summary>A matched response: whether it went to the user, and an ACK to send (INVITE non-2xx final).</summary>
    internal (bool Delivered, SipRequest? Ack) OnResponse(SipResponse response)
    {
        var outcome = Match(response);
        Drain();
        return outcome;
    }

    internal override void OnTransportError()
    {
        lock (Sync)
        {
            if (CurrentState != SipTransactionState.Terminated)
            {
                Layer.LogTransportError(this);
                Terminate(LocalUnlessFinal(503, "Service Unavailable (transport error)"));
            }
        }

        Drain();
    }

    internal override void Abort()
    {
        lock (Sync)
        {
            Terminate(LocalUnlessFinal(503, "Service Unavailable (transaction layer stopped)"));
        }

        Drain();
    }

    private protected override void OnUnlocked() => Drain();

    /// <summary>The §17.1 state machine for a matched response, under the lock.</summary>
    private (bool Delivered, SipRequest? Ack) Match(SipResponse response)
    {
        var code = response.StatusCode;
        var options = Layer.Options;
        lock (Sync)
        {
            switch (CurrentState)
            {
                case SipTransactionState.Calling or SipTransactionState.Trying or SipTransactionState.Proceeding when code < 200:
                    if (IsInvite)
                    {
                        // Proceeding: no more retransmissions, and timer B applies only in Calling.
                        StopAll();
                    }

                    CurrentState = SipTransactionState.Proceeding;
                    Post(response);
                    return (true, null);

                case SipTransactionState.Calling or SipTransactionState.Proceeding when IsInvite && code < 300:
                    // RFC 6026 Accepted: further 2xx (other forks) go to the user until timer M. Nothing is re-sent or
                    // answered locally from here on (nor in Completed), so the request is let go of.
                    StopAll();
                    ReleaseRequest();
                    CurrentState = SipTransactionState.Accepted;
                    Schedule(WaitSlot, options.T1 * 64, "M");
                    Deliver(response);
                    return (true, null);

                case SipTransactionState.Calling or SipTransactionState.Proceeding when IsInvite:
                    StopAll();
                    CurrentState = SipTransactionState.Completed;
                    _ack = BuildAck(response);
                    ReleaseRequest();
                    Deliver(response);
                    if (IsReliable || options.TimerD == TimeSpan.Zero)
                    {
                        Terminate();
                    }
                    else
                    {
                        Schedule(WaitSlot, options.TimerD, "D");
                    }

                    return (true, _ack);

                case SipTransactionState.Trying or SipTransactionState.Proceeding:
                    StopAll();
                    CurrentState = SipTransactionState.Completed;
                    ReleaseRequest();
                    Deliver(response);
                    if (IsReliable || options.T4 == TimeSpan.Zero)
                    {
                        Terminate();
                    }
                    else
                    {
                        Schedule(WaitSlot, options.T4, "K");
                    }

                    return (true, null);

                case SipTransactionState.Completed when IsInvite && code >= 300:
                    Layer.Metrics?.Retransmitted("ack");
                    return (false, _ack);

                case SipTransactionState.Accepted when code is >= 200 and < 300:
                    Post(response);
                    return (true, null);

                default:
                    return (false, null);
            }
        }
    }

    private protected override SipMessage? OnTimer(int slot, string name, TimeSpan interval)
    {
        var options = Layer.Options;
        switch (name)
        {
            case "A" when CurrentState == SipTransactionState.Calling:
                Schedule(RetransmitSlot, interval * 2, "A");
                Layer.Metrics?.Retransmitted("request");
                return Request;
            case "E" when CurrentState is SipTransactionState.Trying or SipTransactionState.Proceeding:
                var next = CurrentState == SipTransactionState.Proceeding ? options.T2 : Min(interval * 2, options.T2);
                Schedule(RetransmitSlot, next, "E");
                Layer.Metrics?.Retransmitted("request");
                return Request;
            case "B" or "F":
                Layer.LogTimeout(this, name);
                Terminate(Local(408, null));
                return null;
            default:
                // D, K, M: the wait is over.
                Terminate();
                return null;
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private SipResponse Local(int status, string? reason) => SipResponse.CreateFor(Request, status, reason);

    /// <summary>A local final response, unless one was received (which the user has, and which may have released the
    /// request); caller holds the lock.</summary>
    private SipResponse? LocalUnlessFinal(int status, string reason) => _final is null ? Local(status, reason) : null;

    /// <summary>The final response reaches the user; caller holds the lock.</summary>
    private void Deliver(SipResponse response)
    {
        Post(response);
        if (_final is null)
        {
            _final = response;
            _completion?.SetResult(response);
        }
    }

    /// <summary>Caller holds the lock.</summary>
    private void Terminate(SipResponse? local = null)
    {
        if (CurrentState == SipTransactionState.Terminated)
        {
            return;
        }

        CurrentState = SipTransactionState.Terminated;
        StopAll();
        Layer.Remove(this);
        Finish(local);
    }

    private void Finish(SipResponse? local)
    {
        if (local is not null && _final is null)
        {
            _finalIsLocal = true;
            Deliver(local);
        }

        Post(null);
    }

    private static ChannelReader<SipResponse> Completed()
    {
        var channel = Channel.CreateBounded<SipResponse>(1);
        channel.Writer.TryComplete();
        return channel.Reader;
    }

    /// <summary>A response for the user, or null for the end; caller holds the lock. With a handler it waits in the
    /// backlog, which <see cref="Drain"/> empties once the lock is released.</summary>
    private void Post(SipResponse? response)
    {
        if (_handler is not null)
        {
            (_backlog ??= new Queue<SipResponse?>(4)).Enqueue(response);
        }
        else if (response is null)
        {
            _responses!.Writer.TryComplete();
        }
        else
        {
            _responses!.Writer.TryWrite(response);
        }
    }

    /// <summary>
    /// Called without the lock after every state change: unless another thread is already calling the handler (which then
    /// also takes what was just posted), calls it on this thread for everything in the backlog, in order. A handler that
    /// calls back into the transaction only adds to the backlog; a handler that has to wait holds the rest back until it
    /// is done, and the thread that completes it carries on.
    /// </summary>
    private void Drain()
    {
        if (_handler is null)
        {
            return;
        }

        SipResponse? next;
        lock (Sync)
        {
            if (_dispatching || _backlog is null || !_backlog.TryDequeue(out next))
            {
                return;
            }

            _dispatching = true;
        }

        Dispatch(next);
    }

    /// <summary>Calls the handler for <paramref name="next"/> and what follows it; the caller owns the dispatch.</summary>
    private void Dispatch(SipResponse? next)
    {
        while (true)
        {
            var pending = Invoke(next);
            if (!pending.IsCompleted)
            {
                _ = ResumeAsync(pending);
                return;
            }

            Observe(pending);
            if (!TryTakeNext(out next))
            {
                return;
            }
        }
    }

    private async Task ResumeAsync(ValueTask pending)
    {
        try
        {
            await pending.ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The handler's failure must not stop this transaction's deliveries.
        catch (Exception e)
#pragma warning restore CA1031
        {
            Layer.LogHandlerFailed(this, e);
        }

        if (TryTakeNext(out var next))
        {
            Dispatch(next);
        }
    }

    /// <summary>The next item to dispatch, or false (and the dispatch released) when the backlog is empty.</summary>
    private bool TryTakeNext(out SipResponse? next)
    {
        lock (Sync)
        {
            if (_backlog!.TryDequeue(out next))
            {
                return true;
            }

            _dispatching = false;
            if (_final is not null || CurrentState == SipTransactionState.Terminated)
            {
                // Past its final response a transaction waits (timer M, K or D) for what rarely comes: it keeps no queue.
                _backlog = null;
            }

            return false;
        }
    }

    private ValueTask Invoke(SipResponse? response)
    {
        try
        {
            if (response is not null)
            {
                return _handler!.OnResponseAsync(this, response);
            }

            _handler!.OnTerminated(this);
            return default;
        }
#pragma warning disable CA1031 // The handler's failure must not stop this transaction's deliveries.
        catch (Exception e)
#pragma warning restore CA1031
        {
            Layer.LogHandlerFailed(this, e);
            return default;
        }
    }

    /// <summary>Consumes a completed task (a pooled one must be), logging its failure.</summary>
    private void Observe(ValueTask done)
    {
        try
        {
            done.GetAwaiter().GetResult();
        }
#pragma warning disable CA1031 // The handler's failure must not stop this transaction's deliveries.
        catch (Exception e)
#pragma warning restore CA1031
        {
            Layer.LogHandlerFailed(this, e);
        }
    }

    /// <summary>The ACK of a non-2xx final response (RFC 3261 §17.1.1.3): Request-URI, Call-ID, From, CSeq number and the
    /// top Via of the request, To of the response, the request's Route header fields.</summary>
    private SipRequest BuildAck(SipResponse response)
    {
        var ack = new SipRequest(SipMethod.Ack, Request.RequestUri);
        var headers = ack.Headers;
        headers.Add(SipHeaderId.Via, Request.TopVia.Raw.Span);
        headers.Add(SipHeaderId.MaxForwards, "70");
        foreach (var header in Request.Headers)
        {
            if (header.Id == SipHeaderId.Route)
            {
                headers.Add(SipHeaderId.Route, header.Value.Span);
            }
        }

        headers.Add(SipHeaderId.From, Request.Headers.GetValue(SipHeaderId.From).Span);
        headers.Add(SipHeaderId.To, response.Headers.GetValue(SipHeaderId.To).Span);
        headers.Add(SipHeaderId.CallId, Request.Headers.GetValue(SipHeaderId.CallId).Span);
        headers.Add(SipHeaderId.CSeq, Request.CSeq.Number.ToString(CultureInfo.InvariantCulture) + " ACK");
        return ack;
    }
}
