namespace Rethink.Ims.Sip.Proxy;

/// <summary>What the media anchor did with a body.</summary>
public enum SipMediaAnchorOutcome
{
    /// <summary>Forward the body as it is (no anchoring for this call).</summary>
    Unchanged = 0,

    /// <summary>Forward <see cref="SipMediaAnchorResult.Sdp"/> instead of the received body.</summary>
    Rewritten = 1,

    /// <summary>The media cannot be bridged: the proxy answers with <see cref="SipMediaAnchorResult.StatusCode"/>.</summary>
    Refused = 2,
}
