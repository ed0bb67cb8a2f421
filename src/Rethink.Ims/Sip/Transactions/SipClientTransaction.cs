using System.Globalization;
using System.Threading.Channels;
using Rethink.Ims.Sip.Messages;

namespace Rethink.Ims.Sip.Transactions;

/// <summary>
/// An RFC 3261 §17.1 client transaction: INVITE (Calling, Proceeding, Completed, Accepted, Terminated; timers A, B, D, M)
/// or non-INVITE (Trying, Proceeding, Completed, Terminated; timers E, F, K). Responses reach the user once each state
/// change: on <see cref="Responses"/> (every provisional, the final, and for an INVITE further 2xx in Accepted) and the
/// final one on <see cref="Completion"/>. A proxy that forks starts one per branch and awaits them together.
/// </summary>
public sealed class SipClientTransaction : SipTransaction
{
    private readonly TaskCompletionSource<SipResponse> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Channel<SipResponse> _responses;
    private SipRequest? _ack;
    private bool _finalIsLocal;

    internal SipClientTransaction(SipTransactionLayer layer, SipRequest request, SipTransactionDestination destination,
        bool isReliable, string branch)
        : base(layer, request, destination, isReliable, branch)
    {
        CurrentState = IsInvite ? SipTransactionState.Calling : SipTransactionState.Trying;
        _responses = Channel.CreateBounded<SipResponse>(new BoundedChannelOptions(layer.Options.ResponseQueueCapacity)
        {
            FullMode = BoundedChannelFullMode.DropWrite,
            SingleWriter = true,
        });
    }

    /// <summary>The responses passed to the user, in order; completed when the transaction terminates. Bounded
    /// (<see cref="SipTransactionOptions.ResponseQueueCapacity"/>): a reader that falls behind loses the excess.</summary>
    public ChannelReader<SipResponse> Responses => _responses.Reader;

    /// <summary>The final response: the first one received, or a local 408 (timer B or F fired) or 503 (transport error,
    /// transaction limit, layer disposed).</summary>
    public Task<SipResponse> Completion => _completion.Task;

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
    }

    /// <summary>A matched response: whether it went to the user, and an ACK to send (INVITE non-2xx final).</summary>
    internal (bool Delivered, SipRequest? Ack) OnResponse(SipResponse response)
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
                    _responses.Writer.TryWrite(response);
                    return (true, null);

                case SipTransactionState.Calling or SipTransactionState.Proceeding when code < 300:
                    // RFC 6026 Accepted: further 2xx (other forks) go to the user until timer M.
                    StopAll();
                    CurrentState = SipTransactionState.Accepted;
                    Schedule(WaitSlot, options.T1 * 64, "M");
                    Deliver(response);
                    return (true, null);

                case SipTransactionState.Calling or SipTransactionState.Proceeding:
                    StopAll();
                    CurrentState = SipTransactionState.Completed;
                    _ack = BuildAck(response);
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
                    _responses.Writer.TryWrite(response);
                    return (true, null);

                default:
                    return (false, null);
            }
        }
    }

    internal override void OnTransportError()
    {
        lock (Sync)
        {
            if (CurrentState != SipTransactionState.Terminated)
            {
                Layer.LogTransportError(this);
                Terminate(Local(503, "Service Unavailable (transport error)"));
            }
        }
    }

    internal override void Abort()
    {
        lock (Sync)
        {
            Terminate(Local(503, "Service Unavailable (transaction layer stopped)"));
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

    /// <summary>The final response reaches the user; caller holds the lock.</summary>
    private void Deliver(SipResponse response)
    {
        _responses.Writer.TryWrite(response);
        _completion.TrySetResult(response);
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
        if (local is not null && !_completion.Task.IsCompleted)
        {
            _finalIsLocal = true;
            Deliver(local);
        }

        _responses.Writer.TryComplete();
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
