using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Rethink.Ims.Media.Sdp;

/// <summary>
/// <c>a=crypto:&lt;tag&gt; &lt;suite&gt; &lt;key params&gt; [&lt;session params&gt;]</c> (RFC 4568, SDES), for example
/// <c>a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:...|2^20|1:4</c>. Parsed only, so a bridge can see that an
/// offer asks for SDES-SRTP; the key parameters are secret and <see cref="ToString"/> hides them.
/// </summary>
/// <param name="Tag">The decimal tag that the answer echoes.</param>
/// <param name="Suite">The crypto suite (<c>AES_CM_128_HMAC_SHA1_80</c>, <c>AEAD_AES_128_GCM</c>, ...).</param>
/// <param name="KeyParameters">The key parameters (<c>inline:key|lifetime|MKI</c>, <c>;</c>-separated). Secret.</param>
/// <param name="SessionParameters">The session parameters after the key, or null.</param>
public sealed record SdesCrypto(int Tag, string Suite, string KeyParameters, string? SessionParameters = null)
{
    /// <summary>Parses the value after <c>a=crypto:</c>; false (never an exception) when it is malformed.</summary>
    public static bool TryParse(string? value, [NotNullWhen(true)] out SdesCrypto? crypto)
    {
        crypto = null;
        if (value is null)
        {
            return false;
        }

        var reader = new SdpWordReader(value);
        if (!reader.TryRead(out var tagText) || tagText.Length > 9 || !SdpSyntax.TryParseInt(tagText, out var tag) ||
            !reader.TryRead(out var suite) || !SdpSyntax.IsToken(suite) ||
            !reader.TryRead(out var keys))
        {
            return false;
        }

        var rest = reader.Rest;
        crypto = new SdesCrypto(tag, suite.ToString(), keys.ToString(), rest.IsEmpty ? null : rest.ToString());
        return true;
    }

    /// <summary>The value after <c>a=crypto:</c>, keys included: for writing SDP only, never for logs.</summary>
    public string FormatValue() => SessionParameters is null
        ? string.Create(CultureInfo.InvariantCulture, $"{Tag} {Suite} {KeyParameters}")
        : string.Create(CultureInfo.InvariantCulture, $"{Tag} {Suite} {KeyParameters} {SessionParameters}");

    /// <summary>The attribute line.</summary>
    public SdpAttributeLine ToAttribute() => new(SdpAttributeNames.Crypto, FormatValue());

    /// <summary>The tag and suite with the key parameters replaced by <c>[redacted]</c>.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"a=crypto:{Tag} {Suite} [redacted]");
}
