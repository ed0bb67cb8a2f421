using System.Diagnostics.CodeAnalysis;

namespace Rethink.Ims.Media.Sdp;

/// <summary>
/// <c>a=rtcp-fb:&lt;format|*&gt; &lt;type&gt; [&lt;parameter&gt;]</c> (RFC 4585 §4.2), for example
/// <c>a=rtcp-fb:111 transport-cc</c> or <c>a=rtcp-fb:96 nack pli</c>.
/// </summary>
/// <param name="Format">The payload type, or <c>*</c> for all formats of the m-line.</param>
/// <param name="Type">The feedback type (<c>nack</c>, <c>ccm</c>, <c>goog-remb</c>, <c>transport-cc</c>, <c>trr-int</c>, ...).</param>
/// <param name="Parameter">The rest of the line (<c>pli</c>, <c>fir</c>, <c>100</c>), or null.</param>
public sealed record RtcpFeedback(string Format, string Type, string? Parameter = null)
{
    /// <summary>Parses the value after <c>a=rtcp-fb:</c>; false (never an exception) when it is malformed.</summary>
    public static bool TryParse(string? value, [NotNullWhen(true)] out RtcpFeedback? feedback)
    {
        feedback = null;
        if (value is null)
        {
            return false;
        }

        var reader = new SdpWordReader(value);
        if (!reader.TryRead(out var format) || !(format is "*" || SdpSyntax.IsToken(format)) ||
            !reader.TryRead(out var type) || !SdpSyntax.IsToken(type))
        {
            return false;
        }

        var rest = reader.Rest;
        feedback = new RtcpFeedback(format.ToString(), type.ToString(), rest.IsEmpty ? null : rest.ToString());
        return true;
    }

    /// <summary>The value after <c>a=rtcp-fb:</c>.</summary>
    public string FormatValue() => Parameter is null ? $"{Format} {Type}" : $"{Format} {Type} {Parameter}";

    /// <summary>The attribute line.</summary>
    public SdpAttributeLine ToAttribute() => new(SdpAttributeNames.RtcpFeedback, FormatValue());

    /// <summary>The line as <c>a=rtcp-fb:...</c>.</summary>
    public override string ToString() => "a=rtcp-fb:" + FormatValue();
}
