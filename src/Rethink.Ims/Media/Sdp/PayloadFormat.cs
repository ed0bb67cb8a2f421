using System.Globalization;

namespace Rethink.Ims.Media.Sdp;

/// <summary>
/// One RTP payload format of an m-line, as negotiated: its payload type with what <c>a=rtpmap</c> (or the
/// RFC 3551 static table) and <c>a=fmtp</c> say about it.
/// </summary>
/// <param name="PayloadType">The RTP payload type, 0..127.</param>
/// <param name="EncodingName">The encoding name (<c>opus</c>, <c>PCMU</c>, <c>telephone-event</c>).</param>
/// <param name="ClockRate">The RTP clock rate in Hz.</param>
/// <param name="Channels">Audio channels as written in <c>a=rtpmap</c>, or null (meaning 1).</param>
/// <param name="Parameters">The <c>a=fmtp</c> parameters, or null when there is none.</param>
public sealed record PayloadFormat(int PayloadType, string EncodingName, int ClockRate, int? Channels = null, string? Parameters = null)
{
    /// <summary>Whether this is RFC 4733 <c>telephone-event</c> (DTMF).</summary>
    public bool IsTelephoneEvent => string.Equals(EncodingName, "telephone-event", StringComparison.OrdinalIgnoreCase);

    /// <summary>The <c>a=rtpmap</c> for this format.</summary>
    public RtpMap ToRtpMap() => new(PayloadType, EncodingName, ClockRate, Channels);

    /// <summary>The <c>a=fmtp</c> for this format, or null when it has no parameters.</summary>
    public Fmtp? ToFmtp() => string.IsNullOrEmpty(Parameters)
        ? null
        : new Fmtp(PayloadType.ToString(CultureInfo.InvariantCulture), Parameters);
}
