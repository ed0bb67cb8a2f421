using System.Globalization;
using System.Runtime.CompilerServices;

namespace Rethink.Ims.Sip.Messages;

/// <summary>
/// One Contact value: either the wildcard <c>*</c> (REGISTER removal of all bindings) or an address
/// with contact parameters q, expires, +sip.instance (RFC 5626), reg-id and others.
/// </summary>
public readonly struct SipContact : ISipHeaderValue<SipContact>
{
    private readonly SipNameAddress _address;

    private SipContact(SipNameAddress address, bool isWildcard)
    {
        _address = address;
        IsWildcard = isWildcard;
    }

    /// <summary>True for <c>Contact: *</c>.</summary>
    public bool IsWildcard { get; }

    /// <summary>The address (empty for the wildcard).</summary>
    public SipNameAddress Address => _address;

    /// <summary>The contact URI.</summary>
    public SipUri Uri => _address.Uri;

    /// <summary>The display name, unquoted.</summary>
    public SipText DisplayName => _address.DisplayName;

    /// <summary>The contact parameters (after the URI).</summary>
    public SipParameters Parameters => _address.Parameters;

    /// <summary>The expires parameter in seconds, or null when absent or not a number (values above 2^32-1 read as null).</summary>
    public uint? Expires =>
        SipSyntax.TryParseDigits(_address.ExpiresParameter.Span, uint.MaxValue, out var e) ? (uint)e : null;

    /// <summary>The q parameter (0 to 1), or null when absent or malformed.</summary>
    public double? Q =>
        _address.QParameter is { IsEmpty: false } v
        && double.TryParse(v.Span, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var q)
        && q is >= 0 and <= 1
            ? q
            : null;

    /// <summary>The +sip.instance parameter unquoted (e.g. <c>&lt;urn:uuid:...&gt;</c>), or empty.</summary>
    public SipText Instance => _address.InstanceParameter.Unquote();

    /// <summary>The reg-id parameter (RFC 5626), or null.</summary>
    public uint? RegId =>
        SipSyntax.TryParseDigits(_address.RegIdParameter.Span, uint.MaxValue, out var id) ? (uint)id : null;

    /// <summary>The value as written ("*" for the wildcard).</summary>
    public override string ToString() => IsWildcard ? "*" : _address.ToString();

    /// <summary>Parses one value given as bytes; the result keeps slices of them.</summary>
    public static bool TryParse(ReadOnlyMemory<byte> value, out SipContact result) => TryParse(new SipText(value), out result);

    /// <summary>Parses one value of a message (or any <see cref="SipText"/>); the result keeps slices of it.</summary>
    public static bool TryParse(SipText value, out SipContact result)
    {
        var s = value.Span;
        var i = SipSyntax.SkipLws(s, 0);
        if (i < s.Length && s[i] == '*' && SipSyntax.SkipLws(s, i + 1) == s.Length)
        {
            result = new SipContact(default, isWildcard: true);
            return true;
        }

        // The address is parsed in place (SipContact is the address plus a flag that stays false).
        result = default;
        return SipNameAddress.TryParse(value, out Unsafe.AsRef(in result._address));
    }
}
