namespace Rethink.Ims.Sip.Proxy;

/// <summary>The media anchor's verdict on one offer or answer.</summary>
public readonly record struct SipMediaAnchorResult
{
    private SipMediaAnchorResult(SipMediaAnchorOutcome outcome, ReadOnlyMemory<byte> sdp, int statusCode, string? reason)
    {
        Outcome = outcome;
        Sdp = sdp;
        StatusCode = statusCode;
        Reason = reason;
    }

    /// <summary>What to do with the body.</summary>
    public SipMediaAnchorOutcome Outcome { get; }

    /// <summary>The body to forward when <see cref="Outcome"/> is <see cref="SipMediaAnchorOutcome.Rewritten"/>.</summary>
    public ReadOnlyMemory<byte> Sdp { get; }

    /// <summary>The status to answer with when refused (488 Not Acceptable Here, 503 when the bridge is full).</summary>
    public int StatusCode { get; }

    /// <summary>A reason phrase for a refusal, naming the problem.</summary>
    public string? Reason { get; }

    /// <summary>Forward the body unchanged.</summary>
    public static SipMediaAnchorResult Unchanged => default;

    /// <summary>Forward <paramref name="sdp"/> instead of the received body.</summary>
    public static SipMediaAnchorResult Rewritten(ReadOnlyMemory<byte> sdp) => new(SipMediaAnchorOutcome.Rewritten, sdp, 0, null);

    /// <summary>Refuse the offer or answer with a final status and a reason phrase.</summary>
    public static SipMediaAnchorResult Refused(int statusCode, string reason)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(statusCode, 400);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(statusCode, 699);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        return new(SipMediaAnchorOutcome.Refused, default, statusCode, reason);
    }
}
