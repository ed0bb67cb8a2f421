using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Rethink.Ims.Media.Sdp;

/// <summary>
/// <c>a=rtpmap:&lt;payload type&gt; &lt;encoding name&gt;/&lt;clock rate&gt;[/&lt;channels&gt;]</c> (RFC 8866 §6.6),
/// for example <c>a=rtpmap:111 opus/48000/2</c>.
/// </summary>
/// <param name="PayloadType">The RTP payload type, 0..127.</param>
/// <param name="EncodingName">The encoding name as written (<c>opus</c>, <c>PCMU</c>, <c>telephone-event</c>); compare case-insensitively.</param>
/// <param name="ClockRate">The RTP clock rate in Hz.</param>
/// <param name="Channels">The encoding parameters (audio channels), or null when absent (meaning 1 for audio).</param>
public sealed record RtpMap(int PayloadType, string EncodingName, int ClockRate, int? Channels = null)
{
    /// <summary>Parses the value after <c>a=rtpmap:</c>; false (never an exception) when it is malformed.</summary>
    public static bool TryParse(string? value, [NotNullWhen(true)] out RtpMap? rtpMap)
    {
        rtpMap = null;
        if (value is null)
        {
            return false;
        }

        var reader = new SdpWordReader(value);
        if (!reader.TryRead(out var ptText) || !SdpSyntax.TryParseInt(ptText, out var pt) || pt > 127 ||
            !reader.TryRead(out var encoding) || !reader.AtEnd)
        {
            return false;
        }

        var first = encoding.IndexOf('/');
        if (first <= 0)
        {
            return false;
        }

        var name = encoding[..first];
        var rest = encoding[(first + 1)..];
        var second = rest.IndexOf('/');
        var rateText = second < 0 ? rest : rest[..second];
        if (!SdpSyntax.IsToken(name) || !SdpSyntax.TryParseInt(rateText, out var rate))
        {
            return false;
        }

        int? channels = null;
        if (second >= 0)
        {
            if (!SdpSyntax.TryParseInt(rest[(second + 1)..], out var ch))
            {
                return false;
            }

            channels = ch;
        }

        rtpMap = new RtpMap(pt, name.ToString(), rate, channels);
        return true;
    }

    /// <summary>The value after <c>a=rtpmap:</c>.</summary>
    public string FormatValue() => Channels is { } ch
        ? string.Create(CultureInfo.InvariantCulture, $"{PayloadType} {EncodingName}/{ClockRate}/{ch}")
        : string.Create(CultureInfo.InvariantCulture, $"{PayloadType} {EncodingName}/{ClockRate}");

    /// <summary>The attribute line.</summary>
    public SdpAttributeLine ToAttribute() => new(SdpAttributeNames.RtpMap, FormatValue());

    /// <summary>The line as <c>a=rtpmap:...</c>.</summary>
    public override string ToString() => "a=rtpmap:" + FormatValue();
}
