namespace Rethink.Ims.Media.Sdp;

/// <summary>
/// A codec we can send and receive, as offer/answer and the rewriting functions take it: name, clock
/// rate and channels to match against a peer's <c>a=rtpmap</c>, the payload type to use when we offer,
/// and the <c>a=fmtp</c> parameters we announce.
/// </summary>
/// <param name="EncodingName">The encoding name, matched case-insensitively (<c>PCMU</c>, <c>opus</c>, <c>telephone-event</c>).</param>
/// <param name="ClockRate">The RTP clock rate in Hz, matched exactly.</param>
/// <param name="Channels">The channel count written in <c>a=rtpmap</c> (2 for Opus), or null for one channel.</param>
public sealed record SdpCodec(string EncodingName, int ClockRate, int? Channels = null)
{
    /// <summary>The payload type to use when offering: a static type (0 PCMU, 8 PCMA) or a preferred dynamic one; null picks a free number from 96.</summary>
    public int? PayloadType { get; init; }

    /// <summary>The <c>a=fmtp</c> parameters we announce (in offers, and in answers instead of echoing the offerer's), or null.</summary>
    public string? Parameters { get; init; }

    /// <summary>G.711 µ-law, static payload type 0.</summary>
    public static SdpCodec Pcmu { get; } = new("PCMU", 8000) { PayloadType = 0 };

    /// <summary>G.711 A-law, static payload type 8.</summary>
    public static SdpCodec Pcma { get; } = new("PCMA", 8000) { PayloadType = 8 };

    /// <summary>G.722, static payload type 9 (its RTP clock rate is 8000 by RFC 3551's historical error).</summary>
    public static SdpCodec G722 { get; } = new("G722", 8000) { PayloadType = 9 };

    /// <summary>Opus as browsers offer it: <c>opus/48000/2</c>, payload type 111, <c>minptime=10;useinbandfec=1</c>.</summary>
    public static SdpCodec Opus { get; } = new("opus", 48000, 2) { PayloadType = 111, Parameters = "minptime=10;useinbandfec=1" };

    /// <summary>DTMF events (RFC 4733) at 8000 Hz, to pair with G.711 or AMR: payload type 101, events 0-16.</summary>
    public static SdpCodec TelephoneEvent8000 { get; } = new("telephone-event", 8000) { PayloadType = 101, Parameters = "0-16" };

    /// <summary>DTMF events (RFC 4733) at 16000 Hz, to pair with AMR-WB: payload type 102, events 0-16.</summary>
    public static SdpCodec TelephoneEvent16000 { get; } = new("telephone-event", 16000) { PayloadType = 102, Parameters = "0-16" };

    /// <summary>DTMF events (RFC 4733) at 48000 Hz, to pair with Opus: payload type 110, events 0-16.</summary>
    public static SdpCodec TelephoneEvent48000 { get; } = new("telephone-event", 48000) { PayloadType = 110, Parameters = "0-16" };

    /// <summary>AMR narrow-band (RFC 4867), bandwidth-efficient packing unless <see cref="Parameters"/> says <c>octet-align=1</c>.</summary>
    public static SdpCodec Amr { get; } = new("AMR", 8000, 1);

    /// <summary>AMR wide-band (RFC 4867), bandwidth-efficient packing unless <see cref="Parameters"/> says <c>octet-align=1</c>.</summary>
    public static SdpCodec AmrWb { get; } = new("AMR-WB", 16000, 1);

    /// <summary>Whether this is RFC 4733 <c>telephone-event</c>.</summary>
    public bool IsTelephoneEvent => string.Equals(EncodingName, "telephone-event", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Whether a peer's payload format is this codec: same name (case-insensitive), clock rate and channel
    /// count (absent = 1). For AMR and AMR-WB the packing must match too (<c>octet-align</c>, absent = 0),
    /// because the two packings are different payload formats (RFC 4867 §8.3.1).
    /// </summary>
    public bool Matches(PayloadFormat format)
    {
        ArgumentNullException.ThrowIfNull(format);
        if (!string.Equals(EncodingName, format.EncodingName, StringComparison.OrdinalIgnoreCase) ||
            ClockRate != format.ClockRate || (Channels ?? 1) != (format.Channels ?? 1))
        {
            return false;
        }

        if (string.Equals(EncodingName, "AMR", StringComparison.OrdinalIgnoreCase) ||
            string.Equals(EncodingName, "AMR-WB", StringComparison.OrdinalIgnoreCase))
        {
            return OctetAlign(Parameters) == OctetAlign(format.Parameters);
        }

        return true;
    }

    private static bool OctetAlign(string? parameters) =>
        parameters is not null && new Fmtp("0", parameters).TryGetParameter("octet-align", out var value) && value == "1";
}
