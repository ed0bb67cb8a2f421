namespace Rethink.Ims.Sip.Transport;

/// <summary>The flow to send over, or why there is none.</summary>
/// <param name="Status">The outcome.</param>
/// <param name="Flow">The flow when <paramref name="Status"/> is <see cref="SipOutboundStatus.Ready"/>.</param>
public readonly record struct SipOutboundResult(SipOutboundStatus Status, SipFlow? Flow = null)
{
    /// <summary>True when <see cref="Flow"/> can be used.</summary>
    public bool IsReady => Status == SipOutboundStatus.Ready && Flow is not null;
}
