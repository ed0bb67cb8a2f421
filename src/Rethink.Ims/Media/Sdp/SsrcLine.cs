using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Rethink.Ims.Media.Sdp;

/// <summary>
/// <c>a=ssrc:&lt;ssrc&gt; &lt;attribute&gt;[:&lt;value&gt;]</c> (RFC 5576), for example <c>a=ssrc:3735928559 cname:abc</c>
/// or <c>a=ssrc:3735928559 msid:stream track</c>.
/// </summary>
/// <param name="Ssrc">The synchronisation source.</param>
/// <param name="Attribute">The source attribute name (<c>cname</c>, <c>msid</c>, <c>label</c>, ...).</param>
/// <param name="Value">The source attribute value (may contain spaces), or null.</param>
public sealed record SsrcLine(uint Ssrc, string Attribute, string? Value = null)
{
    /// <summary>Parses the value after <c>a=ssrc:</c>; false (never an exception) when it is malformed.</summary>
    public static bool TryParse(string? value, [NotNullWhen(true)] out SsrcLine? ssrc)
    {
        ssrc = null;
        if (value is null)
        {
            return false;
        }

        var reader = new SdpWordReader(value);
        if (!reader.TryRead(out var idText) || !SdpSyntax.TryParseUInt(idText, out var id))
        {
            return false;
        }

        var rest = reader.Rest;
        var colon = rest.IndexOf(':');
        var name = colon < 0 ? rest : rest[..colon];
        if (!SdpSyntax.IsToken(name))
        {
            return false;
        }

        ssrc = new SsrcLine(id, name.ToString(), colon < 0 ? null : rest[(colon + 1)..].ToString());
        return true;
    }

    /// <summary>The value after <c>a=ssrc:</c>.</summary>
    public string FormatValue() => Value is null
        ? string.Create(CultureInfo.InvariantCulture, $"{Ssrc} {Attribute}")
        : string.Create(CultureInfo.InvariantCulture, $"{Ssrc} {Attribute}:{Value}");

    /// <summary>The attribute line.</summary>
    public SdpAttributeLine ToAttribute() => new(SdpAttributeNames.Ssrc, FormatValue());

    /// <summary>The line as <c>a=ssrc:...</c>.</summary>
    public override string ToString() => "a=ssrc:" + FormatValue();
}
