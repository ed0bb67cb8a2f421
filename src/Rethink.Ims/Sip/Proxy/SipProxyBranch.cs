using Rethink.Ims.Sip.Messages;
using Rethink.Ims.Sip.Transactions;
using Rethink.Ims.Sip.Transport;

namespace Rethink.Ims.Sip.Proxy;

/// <summary>One branch of a proxied request: its target, the request sent, its client transaction and where it stands.
/// Also the handler of that transaction: its responses reach the proxy on the thread that received them.</summary>
internal sealed class SipProxyBranch(SipProxyTransaction owner, SipProxyTarget target) : ISipClientTransactionHandler
{
    public SipProxyTarget Target { get; } = target;

    /// <summary>The branch is over (its client transaction terminated, it ended before having one, or handling it threw);
    /// under the owner's lock.</summary>
    public bool Ended { get; set; }

    public SipRequest? Request { get; set; }

    public SipFlow? Flow { get; set; }

    public SipClientTransaction? Transaction { get; set; }

    public string? Branch { get; set; }

    /// <summary>A provisional (any 1xx) arrived: a CANCEL may be sent (RFC 3261 §9.1).</summary>
    public bool HasProvisional { get; set; }

    /// <summary>Cancel as soon as a provisional arrives.</summary>
    public bool CancelPending { get; set; }

    public bool CancelSent { get; set; }

    /// <summary>A final response (or a local one) was received.</summary>
    public bool IsDone { get; set; }

    /// <summary>A late offer (in a response to an INVITE without SDP) as the media anchor rewrote it, for the branch's later responses.</summary>
    public ReadOnlyMemory<byte>? LateOffer { get; set; }

    /// <summary>The body of the branch's first 2xx as it went upstream (the media anchor's rewrite), for its retransmissions.</summary>
    public ReadOnlyMemory<byte>? SuccessBody { get; set; }

    /// <summary>Timer C of an INVITE branch, on the transaction layer's timer queues (see <see cref="SipProxyTimerC"/>).</summary>
    public SipProxyTimerC? TimerC { get; set; }

    public ITimer? GraceTimer { get; set; }

    public ValueTask OnResponseAsync(SipClientTransaction transaction, SipResponse response) =>
        owner.OnBranchResponseAsync(this, transaction, response);

    public void OnTerminated(SipClientTransaction transaction) => owner.OnBranchTerminated(this);

    public void StopTimers()
    {
        TimerC?.Cancel();
        TimerC = null;
        GraceTimer?.Dispose();
        GraceTimer = null;
    }
}
