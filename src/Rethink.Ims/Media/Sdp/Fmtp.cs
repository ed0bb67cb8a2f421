using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Rethink.Ims.Media.Sdp;

/// <summary>
/// <c>a=fmtp:&lt;format&gt; &lt;parameters&gt;</c> (RFC 8866 §6.15), for example
/// <c>a=fmtp:111 minptime=10;useinbandfec=1</c> or <c>a=fmtp:101 0-16</c>. The parameters are kept as
/// text; <see cref="GetParameters"/> splits the common <c>name=value;name=value</c> form.
/// </summary>
/// <param name="Format">The format (payload type) the parameters apply to.</param>
/// <param name="Parameters">The format-specific parameters, verbatim (may be empty).</param>
public sealed record Fmtp(string Format, string Parameters)
{
    /// <summary>The format as a payload type, or null when it is not a number 0..127.</summary>
    public int? PayloadType => SdpSyntax.TryParseInt(Format, out var pt) && pt <= 127 ? pt : null;

    /// <summary>Parses the value after <c>a=fmtp:</c>; false (never an exception) when it is malformed.</summary>
    public static bool TryParse(string? value, [NotNullWhen(true)] out Fmtp? fmtp)
    {
        fmtp = null;
        if (value is null)
        {
            return false;
        }

        var reader = new SdpWordReader(value);
        if (!reader.TryRead(out var format) || !SdpSyntax.IsToken(format))
        {
            return false;
        }

        fmtp = new Fmtp(format.ToString(), reader.Rest.ToString());
        return true;
    }

    /// <summary>
    /// The <c>;</c>-separated parameters as name/value pairs, trimmed; a parameter without <c>=</c> has an
    /// empty value (so <c>0-16</c> gives one pair named <c>0-16</c>).
    /// </summary>
    public ImmutableArray<KeyValuePair<string, string>> GetParameters()
    {
        var builder = ImmutableArray.CreateBuilder<KeyValuePair<string, string>>();
        foreach (var part in Parameters.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            builder.Add(eq < 0
                ? new KeyValuePair<string, string>(part, "")
                : new KeyValuePair<string, string>(part[..eq].Trim(), part[(eq + 1)..].Trim()));
        }

        return builder.ToImmutable();
    }

    /// <summary>Looks up a parameter by name, case-insensitively (RFC 8866 leaves case to each format; most are case-insensitive).</summary>
    public bool TryGetParameter(string name, [NotNullWhen(true)] out string? value)
    {
        foreach (var pair in GetParameters())
        {
            if (string.Equals(pair.Key, name, StringComparison.OrdinalIgnoreCase))
            {
                value = pair.Value;
                return true;
            }
        }

        value = null;
        return false;
    }

    /// <summary>The value after <c>a=fmtp:</c>.</summary>
    public string FormatValue() => string.Create(CultureInfo.InvariantCulture, $"{Format} {Parameters}");

    /// <summary>The attribute line.</summary>
    public SdpAttributeLine ToAttribute() => new(SdpAttributeNames.Fmtp, FormatValue());

    /// <summary>The line as <c>a=fmtp:...</c>.</summary>
    public override string ToString() => "a=fmtp:" + FormatValue();
}
