using System.Globalization;
using Rethink.Ims.Sip.Messages;
using Rethink.Ims.Sip.Transactions;
using Rethink.Ims.Sip.Transport;

namespace Rethink.Ims.Sip.Proxy;

/// <summary>
/// The response context of one proxied request (RFC 3261 §16.7): its server transaction, the branches (one client
/// transaction each), the best final response so far, and the CANCEL state. Lives until every branch's client
/// transaction has ended.
/// </summary>
internal sealed class SipProxyTransaction
{
    private readonly SipProxy _proxy;
    private readonly SipServerTransaction _server;
    private SipRequest? _original;
    private readonly SipFlow _inbound;
    // What a settled transaction's groups become: it waits 32 s (timer M) and should hold nothing new. Never added to.
    private static readonly List<List<SipProxyTarget>> NoGroups = [];
    private List<List<SipProxyTarget>> _groups;
    private readonly string _loopHash;
    private readonly Lock _lock = new();
    private readonly List<SipProxyBranch> _branches = [];
    private readonly List<(SipResponse Response, bool Local)> _finals = [];
    private readonly bool _isInvite;
    private string? _callId;
    private string? _fromTag;
    private int _group;
    private int _pending;
    private bool _finalSent;
    private bool _cancelled;
    private bool _sixHundred;
    private bool _requestOffers;
    private CancellationTokenRegistration _cancelRegistration;

    /// <summary>Branches not yet over (see <see cref="EndBranch"/>); the last one to end ends the transaction.</summary>
    private int _live;

    /// <summary>Handlers still reading the request after deciding on a final response (see <see cref="Leave"/>).</summary>
    private int _readers;
    private Exception? _failure;

    public SipProxyTransaction(SipProxy proxy, SipServerTransaction server, SipRequest original, SipFlow inbound,
        List<List<SipProxyTarget>> groups, string loopHash)
    {
        _proxy = proxy;
        _server = server;
        _original = original;
        _inbound = inbound;
        _groups = groups;
        _loopHash = loopHash;
        _isInvite = original.Method.Kind == SipMethodKind.Invite;
    }

    /// <summary>The request as received (the proxy's own copy). Let go of once the transaction is settled
    /// (<see cref="TryReleaseLocked"/>): no path that runs after that reads it.</summary>
    private SipRequest Original => _original ?? throw new InvalidOperationException("The proxy transaction is settled and released its request.");

    /// <summary>The Call-ID and the caller's tag as strings: only the media anchor's dialog bookkeeping needs them, so made on first use.</summary>
    private string CallId => _callId ??= Original.CallId.ToString();

    private string FromTag => _fromTag ??= Original.From.Tag.ToString();

    private bool IsInitialInvite => _isInvite && Original.To.Tag.IsEmpty;

    /// <summary>
    /// Starts the first branches and returns: the transaction then lives on its branches' client transactions (no task
    /// waits for it), and tells the proxy when the last branch is over.
    /// </summary>
    public void Start()
    {
        if (_isInvite)
        {
            _cancelRegistration = _server.CancellationRequested.Register(static s => ((SipProxyTransaction)s!).Cancel(), this);
        }

        SipProxyBranch[] first;
        lock (_lock)
        {
            first = AddGroup();
        }

        Start(first);
    }

    /// <summary>Something threw: answer 500 if nothing final went out.</summary>
    private async Task FailAsync()
    {
        bool send;
        lock (_lock)
        {
            send = !_finalSent;
            _finalSent = true;
            _readers += send ? 1 : 0;
        }

        if (send)
        {
            try
            {
                await SendUpstreamAsync(SipResponse.CreateFor(Original, 500), CancellationToken.None).ConfigureAwait(false);
            }
            finally
            {
                Leave();
            }
        }
    }

    /// <summary>The caller sent CANCEL (RFC 3261 §16.10): cancel every pending branch; those without a provisional yet as soon as one arrives.</summary>
    public void Cancel()
    {
        List<SipProxyBranch> now = [];
        lock (_lock)
        {
            if (_finalSent || _cancelled)
            {
                return;
            }

            _cancelled = true;
            foreach (var branch in _branches)
            {
                if (!branch.IsDone && !branch.CancelSent)
                {
                    if (branch.HasProvisional && branch.Transaction is not null)
                    {
                        branch.CancelSent = true;
                        now.Add(branch);
                    }
                    else
                    {
                        branch.CancelPending = true;
                    }
                }
            }
        }

        foreach (var branch in now)
        {
            SendCancel(branch);
        }
    }

    /// <summary>The branches of the current group, counted as pending (caller holds the lock; <see cref="Start(SipProxyBranch[])"/> them after releasing it).</summary>
    private SipProxyBranch[] AddGroup()
    {
        var targets = _groups[_group];
        var branches = new SipProxyBranch[targets.Count];
        for (var i = 0; i < branches.Length; i++)
        {
            var branch = new SipProxyBranch(this, targets[i]);
            branches[i] = branch;
            _branches.Add(branch);
            _pending++;
            _live++;
        }

        return branches;
    }

    /// <summary>
    /// Runs each branch on the calling thread up to its first wait (the request goes out at once, no thread-pool hop per
    /// request); called without the lock, which a branch takes itself.
    /// </summary>
    private void Start(SipProxyBranch[] branches)
    {
        foreach (var branch in branches)
        {
            _ = RunBranchAsync(branch);
        }
    }

    /// <summary>A branch up to its client transaction, which then carries it; a branch that ends before (a local answer) or
    /// throws is over here. Completes synchronously unless a flow or the media anchor has to be waited for.</summary>
    private async Task RunBranchAsync(SipProxyBranch branch)
    {
        try
        {
            if (!await StartBranchAsync(branch).ConfigureAwait(false))
            {
                EndBranch(branch, null);
            }
        }
#pragma warning disable CA1031 // Logged and answered 500 when the transaction ends.
        catch (Exception e)
#pragma warning restore CA1031
        {
            EndBranch(branch, e);
        }
    }

    /// <summary>
    /// A branch is over: its client transaction terminated, it ended before having one, or handling it threw (the caller
    /// then gets a 500 if nothing final went out). Once per branch; the last one ends the transaction.
    /// </summary>
    private void EndBranch(SipProxyBranch branch, Exception? error)
    {
        lock (_lock)
        {
            if (branch.Ended)
            {
                return;
            }

            branch.Ended = true;
            _failure ??= error;
            if (--_live > 0)
            {
                return;
            }
        }

        _ = EndAsync();
    }

    private async Task EndAsync()
    {
        _cancelRegistration.Unregister();
        try
        {
            if (_failure is { } failure)
            {
                _proxy.LogTransactionFailed(failure);
                await FailAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            _proxy.OnTransactionEnded();
        }
    }

    /// <summary>Sends the branch's request in a client transaction: true when started (the transaction then ends the
    /// branch), false when the branch ended first (no flow, a bad target, refused by the media anchor, already cancelled).</summary>
    private async Task<bool> StartBranchAsync(SipProxyBranch branch)
    {
        var outbound = await _proxy.GetFlowAsync(branch.Target.NextHop, CancellationToken.None).ConfigureAwait(false);
        if (!outbound.IsReady)
        {
            await OnFinalAsync(branch, SipResponse.CreateFor(Original, SipProxy.StatusCode(outbound.Status), SipProxy.StatusReason(outbound.Status)), local: true, popVia: false).ConfigureAwait(false);
            return false;
        }

        var flow = outbound.Flow!;
        branch.Flow = flow;
        var request = BuildRequest(branch, flow);
        if (request is null)
        {
            await OnFinalAsync(branch, SipResponse.CreateFor(Original, 500, "Server Internal Error (bad target)"), local: true, popVia: false).ConfigureAwait(false);
            return false;
        }

        if (_proxy.Anchoring && SipProxy.IsSdp(request) && Original.Method.Kind is SipMethodKind.Prack or SipMethodKind.Update
            && _proxy.Dialogs.TakePendingOffer(CallId))
        {
            // RFC 3262: the answer to an offer the callee made in a reliable provisional (the INVITE had no SDP).
            var (callerTag, toTag, fromCaller) = DialogSides();
            var answer = await _proxy.Anchor.AnswerAsync(new SipMediaAnswer(
                new SipMediaDialog(CallId, callerTag, toTag, branch.Branch), request.Body, fromCaller,
                SipProxyRouting.ProfileOf(_inbound.Transport), _inbound.RemoteEndPoint), CancellationToken.None).ConfigureAwait(false);
            if (answer.Outcome == SipMediaAnchorOutcome.Rewritten)
            {
                request.SetBody(answer.Sdp);
            }
        }
        else if (_proxy.Anchoring && SipProxy.IsSdp(request) && Original.Method.Kind is SipMethodKind.Invite or SipMethodKind.Prack or SipMethodKind.Update)
        {
            // An offer: in an INVITE, or in a PRACK or UPDATE (RFC 3262, RFC 3311) whose 2xx carries the answer.
            _requestOffers = true;
            var (callerTag, toTag, fromCaller) = DialogSides();
            var result = await _proxy.Anchor.OfferAsync(new SipMediaOffer(
                new SipMediaDialog(CallId, callerTag, toTag, branch.Branch), request.Body, fromCaller,
                SipProxyRouting.ProfileOf(_inbound.Transport), SipProxyRouting.ProfileOf(flow.Transport), _inbound.RemoteEndPoint),
                CancellationToken.None).ConfigureAwait(false);
            if (result.Outcome == SipMediaAnchorOutcome.Refused)
            {
                await OnFinalAsync(branch, SipResponse.CreateFor(Original, result.StatusCode, result.Reason), local: true, popVia: false).ConfigureAwait(false);
                return false;
            }

            if (result.Outcome == SipMediaAnchorOutcome.Rewritten)
            {
                request.SetBody(result.Sdp);
            }
        }

        lock (_lock)
        {
            if (_cancelled || _finalSent)
            {
                branch.IsDone = true;
                _pending--;
            }
            else
            {
                branch.Request = request;
                if (_isInvite)
                {
                    branch.TimerC = SipProxyTimerC.Start(_proxy, this, branch);
                }
            }
        }

        if (branch.Request is null)
        {
            await CompleteIfDoneAsync().ConfigureAwait(false);
            return false;
        }

        // Outside the lock: the branch (the transaction's handler) may be called before this returns, and takes the lock itself.
        var transaction = _proxy.Layer.StartClientTransaction(request, new SipTransactionDestination(flow.Transport, flow.RemoteEndPoint, flow), branch);
        lock (_lock)
        {
            branch.Transaction ??= transaction;
        }

        return true;
    }

    /// <summary>
    /// A response of a branch's client transaction, on the thread that received it (the transaction calls the branch in
    /// order, one at a time): no queue and no thread-pool hop between the receive and the forward upstream.
    /// </summary>
    internal ValueTask OnBranchResponseAsync(SipProxyBranch branch, SipClientTransaction transaction, SipResponse response)
    {
        lock (_lock)
        {
            // The handler can run before StartClientTransaction has returned to RunBranchAsync.
            branch.Transaction ??= transaction;
        }

        var code = response.StatusCode;
        Task work;
        try
        {
            work = code < 200 ? OnProvisionalAsync(branch, response)
                : code < 300 ? OnSuccessAsync(branch, response)
                : OnFinalAsync(branch, response, transaction.IsFinalResponseLocal, popVia: true);
        }
#pragma warning disable CA1031 // Logged and answered 500 when the transaction ends.
        catch (Exception e)
#pragma warning restore CA1031
        {
            EndBranch(branch, e);
            return default;
        }

        return work.IsCompletedSuccessfully ? default : ObserveAsync(branch, work);
    }

    private async ValueTask ObserveAsync(SipProxyBranch branch, Task work)
    {
        try
        {
            await work.ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Logged and answered 500 when the transaction ends.
        catch (Exception e)
#pragma warning restore CA1031
        {
            EndBranch(branch, e);
        }
    }

    /// <summary>The branch's client transaction has terminated after its last response: the branch is over.</summary>
    internal void OnBranchTerminated(SipProxyBranch branch)
    {
        lock (_lock)
        {
            branch.StopTimers();
        }

        EndBranch(branch, null);
    }

    /// <summary>RFC 3261 §16.6 steps 1-8: the copy sent on this branch.</summary>
    private SipRequest? BuildRequest(SipProxyBranch branch, SipFlow flow)
    {
        // Shares the bytes of Original (itself a copy): only the header index and arena are the branch's own.
        var request = SipMessageCopy.Detach(Original);
        if (branch.Target.RequestUri is { } uri)
        {
            if (!SipUri.TryParse(uri, out var parsed))
            {
                return null;
            }

            request.RequestUri = parsed;
        }

        SipProxy.DecrementMaxForwards(request, Original.MaxForwards);
        if (_proxy.Options.RecordRoute && IsDialogCreating())
        {
            // Two values when the sides differ (transport, or a connection needing its flow token): each side's in-dialog
            // requests then name the URI facing it first and the one facing the other side last (RFC 5658 double Record-Route).
            var facingCaller = _proxy.Routing.RecordRouteFor(_inbound);
            var facingCallee = _proxy.Routing.RecordRouteFor(flow);
            SipProxyRouting.Prepend(request, SipHeaderId.RecordRoute, facingCaller);
            if (!string.Equals(facingCaller, facingCallee, StringComparison.Ordinal))
            {
                SipProxyRouting.Prepend(request, SipHeaderId.RecordRoute, facingCallee);
            }
        }

        for (var i = branch.Target.Path.Count - 1; i >= 0; i--)
        {
            request.Headers.Prepend(SipHeaderId.Route, branch.Target.Path[i]);
        }

        SipProxy.RouteToStrictRouter(request);
        branch.Branch = SipProxyRouting.NewBranch(_loopHash);
        _proxy.Routing.PrependVia(request, flow, branch.Branch);
        return request;
    }

    private bool IsDialogCreating() =>
        Original.To.Tag.IsEmpty && Original.Method.Kind is SipMethodKind.Invite or SipMethodKind.Subscribe or SipMethodKind.Refer or SipMethodKind.Notify;

    private (string CallerTag, string? ToTag, bool FromCaller) DialogSides(SipResponse? response = null)
    {
        if (Original.To.Tag.IsEmpty)
        {
            return (FromTag, response?.To.Tag.ToString(), true);
        }

        var callerTag = _proxy.Dialogs.CallerTag(CallId) ?? FromTag;
        var fromCaller = string.Equals(callerTag, FromTag, StringComparison.Ordinal);
        return (callerTag, fromCaller ? Original.To.Tag.ToString() : FromTag, fromCaller);
    }

    private async Task OnProvisionalAsync(SipProxyBranch branch, SipResponse response)
    {
        bool cancel;
        bool finalSent;
        lock (_lock)
        {
            if (branch.IsDone)
            {
                return;
            }

            branch.HasProvisional = true;
            if (branch.TimerC is { } timerC)
            {
                // Restarted: the old entry is stopped (the queue drops it) and a new one is queued.
                timerC.Cancel();
                branch.TimerC = SipProxyTimerC.Start(_proxy, this, branch);
            }
            cancel = branch.CancelPending && !branch.CancelSent;
            if (cancel)
            {
                branch.CancelSent = true;
            }

            finalSent = _finalSent;
        }

        if (cancel)
        {
            // A CANCEL waiting for this branch's first provisional (the caller cancelled, or another branch answered).
            SendCancel(branch);
            return;
        }

        if (finalSent || response.StatusCode == 100)
        {
            // 100 Trying is hop by hop (RFC 3261 §16.7 step 5): not forwarded.
            return;
        }

        response.Headers.RemoveFirstValue(SipHeaderId.Via);
        if (IsInitialInvite && _proxy.Anchoring && !response.To.Tag.IsEmpty)
        {
            // Early-dialog requests (PRACK, UPDATE from either side) name the call by the caller's tag.
            _proxy.Dialogs.Add(CallId, FromTag);
        }

        await AnswerMediaAsync(branch, response).ConfigureAwait(false);
        await SendUpstreamAsync(response, CancellationToken.None).ConfigureAwait(false);
    }

    private async Task OnSuccessAsync(SipProxyBranch branch, SipResponse response)
    {
        List<SipProxyBranch> cancel = [];
        bool first;
        lock (_lock)
        {
            first = !branch.IsDone;
            if (first)
            {
                branch.IsDone = true;
                branch.StopTimers();
                _pending--;
                _readers++;
            }

            if (!_finalSent)
            {
                _finalSent = true;

                // RFC 3261 §16.7 step 10: a 2xx ends the others.
                foreach (var other in _branches)
                {
                    if (other != branch && !other.IsDone && !other.CancelSent)
                    {
                        if (other.HasProvisional && other.Transaction is not null)
                        {
                            other.CancelSent = true;
                            cancel.Add(other);
                        }
                        else
                        {
                            other.CancelPending = true;
                        }
                    }
                }
            }
        }

        try
        {
            foreach (var other in cancel)
            {
                SendCancel(other);
            }

            response.Headers.RemoveFirstValue(SipHeaderId.Via);
            if (first && IsInitialInvite && _proxy.Anchoring)
            {
                _proxy.Dialogs.Add(CallId, FromTag);
            }

            if (first)
            {
                await AnswerMediaAsync(branch, response).ConfigureAwait(false);
                if (_proxy.Anchoring && SipProxy.IsSdp(response))
                {
                    branch.SuccessBody = response.Body.ToArray();
                }
            }
            else if (branch.SuccessBody is { } body && SipProxy.IsSdp(response))
            {
                // A retransmission of the branch's 2xx carries the body as the callee sent it: the caller gets it as the
                // anchor rewrote the first (RFC 3261 §13.3.1.4: retransmissions are copies), without asking the anchor again.
                response.SetBody(body);
            }

            // Every 2xx goes upstream at once, also further ones from other forks and retransmissions (§16.7 step 5, RFC 6026).
            await SendUpstreamAsync(response, CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            if (first)
            {
                Leave();
            }
        }
    }

    private async Task OnFinalAsync(SipProxyBranch branch, SipResponse response, bool local, bool popVia)
    {
        List<SipProxyBranch> cancel = [];
        lock (_lock)
        {
            if (branch.IsDone)
            {
                return;
            }

            branch.IsDone = true;
            branch.StopTimers();
            _pending--;
            if (local && response.StatusCode is 408 or 480 or 503)
            {
                _proxy.Metrics?.UpstreamFailed(response.StatusCode);
            }

            if (popVia)
            {
                response.Headers.RemoveFirstValue(SipHeaderId.Via);
            }

            _finals.Add((response, local));
            if (response.StatusCode >= 600 && !_finalSent)
            {
                // RFC 3261 §16.7 step 9 (6xx): the search is over; cancel the rest.
                _sixHundred = true;
                foreach (var other in _branches)
                {
                    if (!other.IsDone && !other.CancelSent)
                    {
                        if (other.HasProvisional && other.Transaction is not null)
                        {
                            other.CancelSent = true;
                            cancel.Add(other);
                        }
                        else
                        {
                            other.CancelPending = true;
                        }
                    }
                }
            }
        }

        foreach (var other in cancel)
        {
            SendCancel(other);
        }

        await CompleteIfDoneAsync().ConfigureAwait(false);
    }

    /// <summary>When no branch is pending: the next group (sequential forking), or the best response upstream.</summary>
    private async Task CompleteIfDoneAsync()
    {
        SipResponse? best;
        SipProxyBranch[]? next = null;
        lock (_lock)
        {
            if (_pending > 0)
            {
                return;
            }

            if (_finalSent)
            {
                // The last branch of a settled transaction is done (one that was being cancelled, or started late).
                _ = TryReleaseLocked();
                return;
            }

            if (!_cancelled && !_sixHundred && _group + 1 < _groups.Count)
            {
                _group++;
                next = AddGroup();
                best = null;
            }
            else
            {
                _finalSent = true;
                _readers++;
                best = _cancelled && !_finals.Exists(f => f.Response.StatusCode == 487)
                    ? SipResponse.CreateFor(Original, 487)
                    : Best();
            }
        }

        if (next is not null)
        {
            // Counted (AddGroup) while the branch that got here is still live, so the transaction cannot end in between.
            Start(next);
            return;
        }

        try
        {
            if (IsInitialInvite && _proxy.Anchoring)
            {
                _proxy.Dialogs.Remove(CallId);
                await _proxy.Anchor.DeleteAsync(new SipMediaDialog(CallId, FromTag), CancellationToken.None).ConfigureAwait(false);
            }

            await SendUpstreamAsync(best!, CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            Leave();
        }
    }

    /// <summary>A handler that decided on a final response has stopped reading the request.</summary>
    private void Leave()
    {
        bool released;
        lock (_lock)
        {
            _readers--;
            released = TryReleaseLocked();
        }

        if (released)
        {
            // A CANCEL can change nothing any more (the final response is out).
            _cancelRegistration.Unregister();
        }
    }

    /// <summary>
    /// Once the final response is upstream, no branch is pending and no handler still reads them, nothing this transaction
    /// can do needs the request or the branches' copies of it: it only forwards further 2xx (retransmissions, other forks;
    /// RFC 6026) until its last client transaction ends, 32 s later over UDP (timer M or D). Letting go of them here is
    /// most of what a proxied call holds for that time. Caller holds the lock.
    /// </summary>
    private bool TryReleaseLocked()
    {
        if (_original is null || !_finalSent || _pending > 0 || _readers > 0)
        {
            return false;
        }

        _original = null;
        _groups = NoGroups;
        _finals.Clear();
        foreach (var branch in _branches)
        {
            branch.Request = null;
        }

        return true;
    }

    /// <summary>RFC 3261 §16.7 step 6: a 6xx if any, else the lowest class (487 when cancelled); 401/407 challenges merged; a received 503 becomes 500.</summary>
    private SipResponse Best()
    {
        if (_finals.Count == 0)
        {
            return SipResponse.CreateFor(Original, 408);
        }

        var chosen = _finals[0];
        foreach (var candidate in _finals)
        {
            if (Rank(candidate) < Rank(chosen))
            {
                chosen = candidate;
            }
        }

        var response = chosen.Response;
        if (response.StatusCode is 401 or 407)
        {
            foreach (var (other, _) in _finals)
            {
                if (other == response || other.StatusCode is not (401 or 407))
                {
                    continue;
                }

                foreach (var header in other.Headers)
                {
                    if (header.Id is SipHeaderId.WwwAuthenticate or SipHeaderId.ProxyAuthenticate)
                    {
                        response.Headers.Add(header.Id, header.Value.Span);
                    }
                }
            }
        }
        else if (response.StatusCode == 503 && !chosen.Local)
        {
            // §16.7 step 6: a 503 from downstream says nothing about this proxy's availability.
            response.StatusCode = 500;
            response.ReasonPhrase = "Server Internal Error (downstream 503)";
        }

        return response;
    }

    private static int Rank((SipResponse Response, bool Local) final)
    {
        var code = final.Response.StatusCode;
        var rank = code >= 600 ? 0 : code / 100 * 1000;

        // Within a class, prefer what tells the caller most: a challenge, then a received answer over a local one.
        if (code is 401 or 407)
        {
            rank -= 100;
        }
        else if (code is 408 or 503 || final.Local)
        {
            rank += 100;
        }

        return rank + code % 100;
    }

    /// <summary>
    /// SDP in a response: to an INVITE with an offer, or to a PRACK/UPDATE that carried one, the answer; to an INVITE
    /// without SDP, the callee's (late) offer, whose answer comes in the PRACK or ACK.
    /// </summary>
    private async Task AnswerMediaAsync(SipProxyBranch branch, SipResponse response)
    {
        if (!_proxy.Anchoring || !SipProxy.IsSdp(response) || branch.Flow is null)
        {
            return;
        }

        if (_isInvite && !SipProxy.IsSdp(Original))
        {
            await LateOfferAsync(branch, response).ConfigureAwait(false);
            return;
        }

        if (!_isInvite && !(_requestOffers && response.StatusCode is >= 200 and < 300))
        {
            return;
        }

        var (callerTag, toTag, fromCaller) = DialogSides(response);
        var result = await _proxy.Anchor.AnswerAsync(new SipMediaAnswer(
            new SipMediaDialog(CallId, callerTag, toTag, branch.Branch), response.Body, !fromCaller,
            SipProxyRouting.ProfileOf(branch.Flow.Transport), branch.Flow.RemoteEndPoint), CancellationToken.None).ConfigureAwait(false);
        if (result.Outcome == SipMediaAnchorOutcome.Rewritten)
        {
            response.SetBody(result.Sdp);
        }
    }

    private async Task LateOfferAsync(SipProxyBranch branch, SipResponse response)
    {
        if (branch.LateOffer is { } made)
        {
            // The 2xx repeats the offer of the reliable provisional (RFC 3262 §5): the same rewrite.
            response.SetBody(made);
            return;
        }

        var (callerTag, toTag, fromCaller) = DialogSides(response);
        var result = await _proxy.Anchor.OfferAsync(new SipMediaOffer(
            new SipMediaDialog(CallId, callerTag, toTag, branch.Branch), response.Body, !fromCaller,
            SipProxyRouting.ProfileOf(branch.Flow!.Transport), SipProxyRouting.ProfileOf(_inbound.Transport), branch.Flow.RemoteEndPoint),
            CancellationToken.None).ConfigureAwait(false);
        _proxy.Dialogs.OfferPending(CallId);
        if (result.Outcome == SipMediaAnchorOutcome.Rewritten)
        {
            response.SetBody(result.Sdp);
        }

        branch.LateOffer = response.Body.ToArray();
    }

    internal void OnTimerC(SipProxyBranch branch)
    {
        bool cancel;
        lock (_lock)
        {
            // Timer C (RFC 3261 §16.8): with a provisional, cancel the branch; without, timer B of the client transaction ends it.
            cancel = !branch.IsDone && branch.HasProvisional && !branch.CancelSent && branch.Transaction is not null;
            if (cancel)
            {
                branch.CancelSent = true;
            }
        }

        if (cancel)
        {
            SendCancel(branch);
        }
    }

    private ValueTask<bool> SendUpstreamAsync(SipResponse response, CancellationToken cancellationToken)
    {
        _proxy.Metrics?.Responded(response.StatusCode);
        return _server.SendResponseAsync(response, cancellationToken);
    }

    /// <summary>RFC 3261 §9.1: a CANCEL with the branch's Request-URI, top Via, Route, From, To, Call-ID and CSeq number.</summary>
    private void SendCancel(SipProxyBranch branch)
    {
        var invite = branch.Request;
        var transaction = branch.Transaction;
        if (invite is null || transaction is null)
        {
            return;
        }

        var cancel = new SipRequest(SipMethod.Cancel, invite.RequestUri);
        var headers = cancel.Headers;
        headers.Add(SipHeaderId.Via, invite.TopVia.Raw.Span);
        headers.Add(SipHeaderId.MaxForwards, "70");
        foreach (var header in invite.Headers)
        {
            if (header.Id == SipHeaderId.Route)
            {
                headers.Add(SipHeaderId.Route, header.Value.Span);
            }
        }

        headers.Add(SipHeaderId.From, invite.Headers.GetValue(SipHeaderId.From).Span);
        headers.Add(SipHeaderId.To, invite.Headers.GetValue(SipHeaderId.To).Span);
        headers.Add(SipHeaderId.CallId, invite.Headers.GetValue(SipHeaderId.CallId).Span);
        headers.Add(SipHeaderId.CSeq, invite.CSeq.Number.ToString(CultureInfo.InvariantCulture) + " CANCEL");
        headers.Set(SipHeaderId.ContentLength, 0);
        try
        {
            _proxy.Layer.StartClientTransaction(cancel, transaction.Destination);
        }
        catch (ArgumentException)
        {
            // A CANCEL for this branch is already live.
        }

        lock (_lock)
        {
            // A peer that never answers the CANCEL must not hold the call (and a transaction slot) for ever.
            branch.GraceTimer ??= _proxy.Time.CreateTimer(static s =>
            {
                var tx = (SipClientTransaction)s!;
                if (tx.State != SipTransactionState.Terminated)
                {
                    tx.Abort();
                }
            }, transaction, _proxy.Options.CancelGrace, Timeout.InfiniteTimeSpan);
        }
    }
}
