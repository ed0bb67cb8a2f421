using Rethink.Ims.Sip.Transactions;

namespace Rethink.Ims.Sip.Proxy;

/// <summary>
/// Timer C of one INVITE branch (RFC 3261 §16.6 step 11, §16.8) as an entry of the transaction layer's timer queues: every
/// timer C has the same duration, so they share one queue and one timer, instead of a <see cref="TimeProvider"/> timer per
/// branch created, re-armed on each provisional and disposed (each a trip through the runtime's timer thread). Restarting
/// it is stopping this entry and queuing a new one; stopped entries leave the queue when they reach its head.
/// </summary>
internal sealed class SipProxyTimerC : SipTimerQueues.ITicket
{
    private readonly SipProxyTransaction _owner;
    private readonly SipProxyBranch _branch;
    private volatile bool _cancelled;

    private SipProxyTimerC(SipProxyTransaction owner, SipProxyBranch branch)
    {
        _owner = owner;
        _branch = branch;
    }

    public bool IsCancelled => _cancelled;

    /// <summary>Queues a timer C for <paramref name="branch"/> that falls due after <see cref="SipProxyOptions.TimerC"/>.</summary>
    public static SipProxyTimerC Start(SipProxy proxy, SipProxyTransaction owner, SipProxyBranch branch)
    {
        var timer = new SipProxyTimerC(owner, branch);
        proxy.Layer.Timers.Schedule(proxy.Options.TimerC, timer);
        return timer;
    }

    public void Cancel() => _cancelled = true;

    public void Fire()
    {
        if (!_cancelled)
        {
            _owner.OnTimerC(_branch);
        }
    }
}
