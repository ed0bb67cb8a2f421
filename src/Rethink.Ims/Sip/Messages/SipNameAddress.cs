using System.Runtime.CompilerServices;

namespace Rethink.Ims.Sip.Messages;

/// <summary>
/// A name-addr or addr-spec with header parameters, as in From, To, Contact, Route, Record-Route,
/// Path and Service-Route (RFC 3261 §20). Parameters after the URI belong to the header, not the URI:
/// in <c>sip:a@b;tag=1</c> (no angle brackets) "tag" is a header parameter.
/// </summary>
public readonly struct SipNameAddress : ISipHeaderValue<SipNameAddress>
{
    private readonly SipText _raw;
    private readonly ushort _displayStart, _displayLength, _paramsStart, _paramsLength;
    private readonly SipUri _uri;
    private readonly bool _bracketed;
    private readonly SipParamSlot _tag, _expires, _q, _instance, _regId;

    /// <summary>The whole value as written.</summary>
    public SipText Raw => _raw;

    /// <summary>True for a default value (header absent).</summary>
    public bool IsEmpty => _raw.IsEmpty;

    /// <summary>The display name as written: a quoted-string with its quotes, or the tokens; empty when none.</summary>
    public SipText RawDisplayName => _raw.Slice(_displayStart, _displayLength);

    /// <summary>The display name with quotes removed and quoted-pairs resolved (allocates only if it has escapes).</summary>
    public SipText DisplayName => RawDisplayName.Unquote();

    /// <summary>The URI.</summary>
    public SipUri Uri => _uri;

    /// <summary>True when the URI was written inside angle brackets (name-addr form).</summary>
    public bool IsNameAddr => _bracketed;

    /// <summary>The header parameters after the URI.</summary>
    public SipParameters Parameters => new(_raw.Slice(_paramsStart, _paramsLength));

    /// <summary>The tag parameter (From/To), or empty.</summary>
    public SipText Tag => _tag.Value(_raw);

    /// <summary>True when a tag parameter is present.</summary>
    public bool HasTag => _tag.IsPresent;

    /// <summary>The raw expires parameter (Contact), or empty.</summary>
    internal SipText ExpiresParameter => _expires.Value(_raw);

    /// <summary>The raw q parameter (Contact), or empty.</summary>
    internal SipText QParameter => _q.Value(_raw);

    /// <summary>The raw +sip.instance parameter (Contact), or empty.</summary>
    internal SipText InstanceParameter => _instance.Value(_raw);

    /// <summary>The raw reg-id parameter (Contact), or empty.</summary>
    internal SipText RegIdParameter => _regId.Value(_raw);

    /// <summary>The value as written.</summary>
    public override string ToString() => Raw.ToString();

    /// <summary>Parses one value given as bytes; the result keeps slices of them.</summary>
    public static bool TryParse(ReadOnlyMemory<byte> value, out SipNameAddress result) => TryParse(new SipText(value), out result);

    /// <summary>Parses one value of a message (or any <see cref="SipText"/>); the result keeps slices of it.</summary>
    public static bool TryParse(SipText value, out SipNameAddress result)
    {
        result = default;
        var s = value.Span;
        var i = SipSyntax.SkipLws(s, 0);
        if (i >= s.Length || s.Length > ushort.MaxValue)
        {
            return false;
        }

        (int, int) display = (i, 0);
        int uriStart, uriEnd, after;
        bool bracketed;
        if (s[i] == '"')
        {
            var close = SipSyntax.ScanQuoted(s, i);
            if (close < 0)
            {
                return false;
            }

            display = (i, close - i);
            i = SipSyntax.SkipLws(s, close);
            if (i >= s.Length || s[i] != '<')
            {
                return false;
            }
        }
        else if (s[i] != '<')
        {
            // Either *(token LWS) before '<', or an addr-spec. LWS before '<' is optional (RFC 4475 lwsdisp).
            var j = i;
            var lastTokenEnd = i;
            while (j < s.Length && SipSyntax.IsToken(s[j]))
            {
                lastTokenEnd = SipSyntax.ScanToken(s, j);
                j = SipSyntax.SkipLws(s, lastTokenEnd);
            }

            if (j < s.Length && s[j] == '<' && lastTokenEnd > i)
            {
                display = (i, lastTokenEnd - i);
                i = j;
            }
        }

        if (s[i] == '<')
        {
            bracketed = true;
            uriStart = i + 1;
            uriEnd = SipSyntax.IndexOfByte(s, uriStart, (byte)'>');
            if (uriEnd < 0)
            {
                return false;
            }

            after = uriEnd + 1;
        }
        else
        {
            bracketed = false;
            uriStart = i;
            var stop = s[i..].IndexOfAny(SipSyntax.AddrSpecStops);
            uriEnd = stop < 0 ? s.Length : i + stop;
            after = uriEnd;
        }

        // The URI and then each field are written straight into the result: building the value in a
        // local and copying it out cost a block copy (rep movs with GC write barriers) per value.
        ref var uri = ref Unsafe.AsRef(in result._uri);
        if (!SipUri.TryParse(value[uriStart..uriEnd], out uri))
        {
            return false;
        }

        // An addr-spec holding '?' (or ',' or ';') must be bracketed (RFC 3261 §20.10; RFC 4475 regbadct).
        if (!bracketed && uri.HasHeaders)
        {
            result = default;
            return false;
        }

        var paramsStart = SipSyntax.SkipLws(s, after);
        var known = default(SipKnownParams);
        // Nothing after the address (a To before its tag is added): no call to scan no parameters.
        if (paramsStart < s.Length && !SipUriGrammar.IsValidHeaderParameters(s, paramsStart, ref known))
        {
            result = default;
            return false;
        }

        var end = s.Length;
        while (end > paramsStart && SipSyntax.IsLws(s[end - 1]))
        {
            end--;
        }

        Unsafe.AsRef(in result._raw) = value;
        Unsafe.AsRef(in result._displayStart) = (ushort)display.Item1;
        Unsafe.AsRef(in result._displayLength) = (ushort)display.Item2;
        Unsafe.AsRef(in result._paramsStart) = (ushort)paramsStart;
        Unsafe.AsRef(in result._paramsLength) = (ushort)(end - paramsStart);
        Unsafe.AsRef(in result._bracketed) = bracketed;
        Unsafe.AsRef(in result._tag) = known.Tag;
        Unsafe.AsRef(in result._expires) = known.Expires;
        Unsafe.AsRef(in result._q) = known.Q;
        Unsafe.AsRef(in result._instance) = known.Instance;
        Unsafe.AsRef(in result._regId) = known.RegId;
        return true;
    }
}
