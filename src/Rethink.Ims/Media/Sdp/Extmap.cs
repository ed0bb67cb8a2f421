using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace Rethink.Ims.Media.Sdp;

/// <summary>
/// <c>a=extmap:&lt;id&gt;[/&lt;direction&gt;] &lt;uri&gt; [&lt;attributes&gt;]</c> (RFC 8285), for example
/// <c>a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level</c>.
/// </summary>
/// <param name="Id">The local identifier (1..14 one-byte, up to 255 two-byte header form).</param>
/// <param name="Uri">The extension's URI.</param>
/// <param name="Direction">The direction suffix, or null when absent.</param>
/// <param name="Attributes">Extension attributes after the URI, or null.</param>
public sealed record Extmap(int Id, string Uri, MediaDirection? Direction = null, string? Attributes = null)
{
    /// <summary>Parses the value after <c>a=extmap:</c>; false (never an exception) when it is malformed.</summary>
    public static bool TryParse(string? value, [NotNullWhen(true)] out Extmap? extmap)
    {
        extmap = null;
        if (value is null)
        {
            return false;
        }

        var reader = new SdpWordReader(value);
        if (!reader.TryRead(out var idPart) || !reader.TryRead(out var uri))
        {
            return false;
        }

        var slash = idPart.IndexOf('/');
        if (!SdpSyntax.TryParseInt(slash < 0 ? idPart : idPart[..slash], out var id))
        {
            return false;
        }

        MediaDirection? direction = null;
        if (slash >= 0)
        {
            if (!MediaDirectionExtensions.TryParse(idPart[(slash + 1)..].ToString(), out var parsed))
            {
                return false;
            }

            direction = parsed;
        }

        var rest = reader.Rest;
        extmap = new Extmap(id, uri.ToString(), direction, rest.IsEmpty ? null : rest.ToString());
        return true;
    }

    /// <summary>The value after <c>a=extmap:</c>.</summary>
    public string FormatValue()
    {
        var builder = new StringBuilder();
        builder.Append(Id.ToString(CultureInfo.InvariantCulture));
        if (Direction is { } direction)
        {
            builder.Append('/').Append(direction.ToAttributeName());
        }

        builder.Append(' ').Append(Uri);
        if (Attributes is not null)
        {
            builder.Append(' ').Append(Attributes);
        }

        return builder.ToString();
    }

    /// <summary>The attribute line.</summary>
    public SdpAttributeLine ToAttribute() => new(SdpAttributeNames.Extmap, FormatValue());

    /// <summary>The line as <c>a=extmap:...</c>.</summary>
    public override string ToString() => "a=extmap:" + FormatValue();
}
