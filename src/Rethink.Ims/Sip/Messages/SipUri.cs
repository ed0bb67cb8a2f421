using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text;

namespace Rethink.Ims.Sip.Messages;

/// <summary>
/// A sip:, sips: or tel: URI (or any other absolute URI, kept opaque), read in one pass over its
/// bytes and then served as slices: nothing is copied or unescaped until asked for.
/// </summary>
/// <remarks>
/// Parts come back as written, with their %HH escapes; call <see cref="SipText.Unescape"/> to get the
/// unescaped value (done once, never recursively). An IPv6 host keeps its brackets (RFC 5118).
/// </remarks>
public readonly struct SipUri : IEquatable<SipUri>
{
    private const int MaxLength = ushort.MaxValue;


    private readonly SipText _raw;
    private readonly ushort _userStart, _userLength, _passwordStart, _passwordLength, _hostStart, _hostLength;
    private readonly ushort _paramsStart, _paramsLength, _headersStart, _headersLength, _schemeLength;
    private readonly ushort _port; // meaningful when HasPort is set
    private readonly SipUriScheme _scheme;
    private readonly SipHostKind _hostKind;

    // Found while the parameters were scanned (sip: and sips: only): reading transport or lr costs no search.
    private readonly ushort _transportStart, _transportLength; // plain fields: a nested struct would be padded to 8 bytes
    private readonly ParamIndex _paramIndex; // also holds HasPassword and HasHeaders, to keep the struct small

    /// <summary>
    /// Fills <paramref name="uri"/> field by field. Parsers write straight into their out parameter
    /// (often a field of a message or of a larger value): a value built in a local and then assigned
    /// was copied out by a block copy with write barriers on every parse.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Fill(
        out SipUri uri, SipText raw, SipUriScheme scheme, int schemeLength, (int S, int L) user, (int S, int L) password,
        bool hasPassword, (int S, int L) host, SipHostKind hostKind, int port, (int S, int L) parameters,
        (int S, int L) headers, bool hasHeaders, SipParamSlot transport = default, ParamIndex paramIndex = ParamIndex.None)
    {
        Unsafe.SkipInit(out uri);
        Unsafe.AsRef(in uri._raw) = raw;
        (Unsafe.AsRef(in uri._transportStart), Unsafe.AsRef(in uri._transportLength)) = transport.Raw;
        Unsafe.AsRef(in uri._scheme) = scheme;
        Unsafe.AsRef(in uri._schemeLength) = (ushort)schemeLength;
        Unsafe.AsRef(in uri._userStart) = (ushort)user.S;
        Unsafe.AsRef(in uri._userLength) = (ushort)user.L;
        Unsafe.AsRef(in uri._passwordStart) = (ushort)password.S;
        Unsafe.AsRef(in uri._passwordLength) = (ushort)password.L;
        Unsafe.AsRef(in uri._hostStart) = (ushort)host.S;
        Unsafe.AsRef(in uri._hostLength) = (ushort)host.L;
        Unsafe.AsRef(in uri._hostKind) = hostKind;
        Unsafe.AsRef(in uri._port) = (ushort)Math.Max(port, 0);
        Unsafe.AsRef(in uri._paramsStart) = (ushort)parameters.S;
        Unsafe.AsRef(in uri._paramsLength) = (ushort)parameters.L;
        Unsafe.AsRef(in uri._headersStart) = (ushort)headers.S;
        Unsafe.AsRef(in uri._headersLength) = (ushort)headers.L;
        Unsafe.AsRef(in uri._paramIndex) = paramIndex | (hasPassword ? ParamIndex.HasPassword : ParamIndex.None)
            | (hasHeaders ? ParamIndex.HasHeaders : ParamIndex.None) | (port >= 0 ? ParamIndex.HasPort : ParamIndex.None);
    }

    /// <summary>The scheme.</summary>
    public SipUriScheme Scheme => _scheme;

    /// <summary>The scheme as written (without the colon).</summary>
    public SipText SchemeName => _raw[.._schemeLength];

    /// <summary>True for a default value that holds no URI.</summary>
    public bool IsEmpty => _raw.IsEmpty;

    /// <summary>True for sip: and sips: URIs.</summary>
    public bool IsSip => _scheme is SipUriScheme.Sip or SipUriScheme.Sips;

    /// <summary>The user part as written (escaped); for tel: the number. Empty when there is none.</summary>
    public SipText User => _raw.Slice(_userStart, _userLength);

    /// <summary>True when a user part is present.</summary>
    public bool HasUser => _userLength > 0;

    /// <summary>The password as written (escaped); empty when absent.</summary>
    public SipText Password => _raw.Slice(_passwordStart, _passwordLength);

    /// <summary>True when the userinfo carries ":password" (possibly empty).</summary>
    public bool HasPassword => (_paramIndex & ParamIndex.HasPassword) != 0;

    /// <summary>The host as written; an IPv6 reference keeps its brackets.</summary>
    public SipText Host => _raw.Slice(_hostStart, _hostLength);

    /// <summary>Whether <see cref="Host"/> is a name, an IPv4 or an IPv6 address.</summary>
    public SipHostKind HostKind => _hostKind;

    /// <summary>The explicit port, or null when none is written.</summary>
    public int? Port => (_paramIndex & ParamIndex.HasPort) != 0 ? _port : null;

    /// <summary>The URI parameters (<c>;transport=tcp;lr</c>).</summary>
    public SipParameters Parameters => new(_raw.Slice(_paramsStart, _paramsLength));

    /// <summary>The header part after '?', as written; empty when there is none.</summary>
    public SipText Headers => _raw.Slice(_headersStart, _headersLength);

    /// <summary>True when the URI has a '?' header part.</summary>
    public bool HasHeaders => (_paramIndex & ParamIndex.HasHeaders) != 0;

    /// <summary>The whole URI as written.</summary>
    public SipText Raw => _raw;

    /// <summary>This URI over <paramref name="raw"/>, the same bytes in another place (a message copy's): not parsed again.</summary>
    internal SipUri Relocated(SipText raw)
    {
        var uri = this;
        Unsafe.AsRef(in uri._raw) = raw;
        return uri;
    }

    /// <summary>The transport parameter, or empty.</summary>
    public SipText Transport => (_paramIndex & ParamIndex.Indexed) != 0
        ? new SipParamSlot((_transportStart, _transportLength)).Value(_raw)
        : Parameters.GetValue("transport"u8);

    /// <summary>True when the URI carries the <c>lr</c> parameter (a loose router, RFC 3261 §16.4).</summary>
    public bool IsLooseRouter => (_paramIndex & ParamIndex.Indexed) != 0
        ? (_paramIndex & ParamIndex.LooseRouter) != 0
        : Parameters.Contains("lr"u8);

    [Flags]
    private enum ParamIndex : byte
    {
        None = 0,
        Indexed = 1,
        LooseRouter = 2,
        HasPassword = 4,
        HasHeaders = 8,
        HasPort = 16,
    }

    /// <summary>Parses a URI given as a string (for configuration and code, not wire input).</summary>
    /// <exception cref="FormatException">The text is not a URI.</exception>
    public static SipUri Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(Encoding.UTF8.GetBytes(text), out var uri)
            ? uri
            : throw new FormatException("Not a valid SIP, SIPS, tel or absolute URI.");
    }

    /// <summary>Parses a URI given as a string.</summary>
    public static bool TryParse(string? text, out SipUri uri)
    {
        if (text is null)
        {
            uri = default;
            return false;
        }

        return TryParse(Encoding.UTF8.GetBytes(text), out uri);
    }

    /// <summary>Parses a URI occupying all of <paramref name="raw"/>; the result keeps slices of it.</summary>
    public static bool TryParse(ReadOnlyMemory<byte> raw, out SipUri uri) => TryParse(new SipText(raw), out uri);

    /// <summary>Parses a URI occupying all of <paramref name="raw"/>; the result keeps slices of it.</summary>
    public static bool TryParse(SipText raw, out SipUri uri)
    {
        uri = default;
        var s = raw.Span;
        if (s.IsEmpty || s.Length > MaxLength || !SipSyntax.IsAlpha(s[0]))
        {
            return false;
        }

        // "sip:" in any case, the usual scheme, in one compare (OR 0x20 folds the three letters only).
        if (s.Length > 4 && (BinaryPrimitives.ReadUInt32LittleEndian(s) | 0x00202020u) == 0x3A706973u)
        {
            return TryParseSip(raw, s, SipUriScheme.Sip, 3, out uri);
        }

        var colon = 1;
        while (colon < s.Length && SipSyntax.IsSchemeChar(s[colon]))
        {
            colon++;
        }

        if (colon >= s.Length || s[colon] != ':')
        {
            return false;
        }

        var schemeText = s[..colon];
        var scheme = colon switch
        {
            3 when SipSyntax.EqualsFolded(schemeText, "sip"u8) => SipUriScheme.Sip,
            4 when SipSyntax.EqualsFolded(schemeText, "sips"u8) => SipUriScheme.Sips,
            3 when SipSyntax.EqualsFolded(schemeText, "tel"u8) => SipUriScheme.Tel,
            _ => SipUriScheme.Other,
        };

        return scheme switch
        {
            SipUriScheme.Sip or SipUriScheme.Sips => TryParseSip(raw, s, scheme, colon, out uri),
            SipUriScheme.Tel => TryParseTel(raw, colon, out uri),
            _ => TryParseOther(raw, colon, out uri),
        };
    }

    private static bool TryParseSip(SipText raw, ReadOnlySpan<byte> s, SipUriScheme scheme, int colon, out SipUri uri)
    {
        uri = default;
        var i = colon + 1;
        (int, int) user = (i, 0), password = (i, 0);
        var hasPassword = false;

        // userinfo is present when the user (and optional password) run ends at '@'; hosts are made of
        // user characters too, so a run that ends elsewhere was the host.
        var userEnd = SipUriGrammar.ScanUser(s, i);
        if (userEnd < 0)
        {
            return false;
        }

        if (userEnd < s.Length && (s[userEnd] == '@' || s[userEnd] == ':'))
        {
            var atIndex = userEnd;
            if (s[userEnd] == ':')
            {
                atIndex = SipUriGrammar.ScanPassword(s, userEnd + 1);
                if (atIndex >= 0 && atIndex < s.Length && s[atIndex] == '@')
                {
                    password = (userEnd + 1, atIndex - userEnd - 1);
                    hasPassword = true;
                }
                else
                {
                    atIndex = -1;
                }
            }

            if (atIndex >= 0)
            {
                if (userEnd == i)
                {
                    return false;
                }

                user = (i, userEnd - i);
                i = atIndex + 1;
            }
        }

        if (!TryScanHostPort(s, ref i, out var host, out var hostKind, out var port))
        {
            return false;
        }

        var paramsStart = i;
        i = SipUriGrammar.ScanUriParameters(s, i, out var transport, out var lr, out var escapedName);
        if (i < 0)
        {
            return false;
        }

        var paramIndex = escapedName ? ParamIndex.None : ParamIndex.Indexed | (lr ? ParamIndex.LooseRouter : ParamIndex.None);
        var parameters = (paramsStart, i - paramsStart);
        (int, int) headers = (i, 0);
        var hasHeaders = false;
        if (i < s.Length && s[i] == '?')
        {
            var headersEnd = SipUriGrammar.ScanUriHeaders(s, i + 1);
            if (headersEnd < 0)
            {
                return false;
            }

            headers = (i + 1, headersEnd - i - 1);
            hasHeaders = true;
            i = headersEnd;
        }

        if (i != s.Length)
        {
            return false;
        }

        Fill(
            out uri, raw, scheme, colon, user, password, hasPassword, host, hostKind, port, parameters, headers, hasHeaders, transport, paramIndex);
        return true;
    }

    /// <summary>Scans hostport; on success <paramref name="i"/> is just past it.</summary>
    internal static bool TryScanHostPort(
        ReadOnlySpan<byte> s, ref int i, out (int Start, int Length) host, out SipHostKind kind, out int port)
    {
        port = -1;
        var j = i;
        if (!TryScanHost(s, ref j, out host, out kind))
        {
            return false;
        }

        if (j < s.Length && s[j] == ':')
        {
            var portStart = ++j;
            var p = 0u;
            while (j < s.Length && SipSyntax.IsDigit(s[j]))
            {
                // Leading zeros are legal, so the bound is checked per digit.
                p = (p * 10) + (uint)(s[j] - '0');
                if (p > 65535)
                {
                    return false;
                }

                j++;
            }

            if (j == portStart)
            {
                return false;
            }

            port = (int)p;
        }

        i = j;
        return true;
    }

    /// <summary>Scans a host (name, IPv4 or bracketed IPv6); on success <paramref name="i"/> is just past it.</summary>
    internal static bool TryScanHost(ReadOnlySpan<byte> s, ref int i, out (int Start, int Length) host, out SipHostKind kind)
    {
        host = default;
        kind = SipHostKind.DomainName;
        var start = i;
        if (start < s.Length && s[start] == '[')
        {
            var close = s[start..].IndexOf((byte)']');
            if (close < 2 || !SipSyntax.IsIPv6(s.Slice(start + 1, close - 1)))
            {
                return false;
            }

            i = start + close + 1;
            kind = SipHostKind.IPv6;
            host = (start, close + 1);
            return true;
        }

        // hostname labels start and end alphanumeric; underscore is tolerated (seen in the wild).
        var j = ScanHostNameVector(s, start);
        if (j == -1)
        {
            return false;
        }

        if (j < 0)
        {
            j = ScanHostNameScalar(s, start);
            if (j < 0)
            {
                return false;
            }
        }

        if (j == start)
        {
            return false;
        }

        // IsIPv4 accepts digits and dots only, so a name is never taken for an address.
        if (SipSyntax.IsDigit(s[start]) && SipSyntax.IsIPv4(s[start..j]))
        {
            kind = SipHostKind.IPv4;
        }

        i = j;
        host = (start, j - start);
        return true;
    }

    /// <summary>
    /// End of the host name at <paramref name="start"/>: it stops at the first byte that is not a host
    /// character, or at a '-' that starts a label; -1 when a label starts with '.' before that (invalid).
    /// </summary>
    internal static int ScanHostNameScalar(ReadOnlySpan<byte> s, int start)
    {
        var j = start;
        var labelStart = true;
        while ((uint)j < (uint)s.Length)
        {
            var c = s[j];
            if (c == '.')
            {
                if (labelStart)
                {
                    return -1;
                }

                labelStart = true;
                j++;
                continue;
            }

            if (!SipSyntax.IsHostChar(c) || (labelStart && c == '-'))
            {
                break;
            }

            labelStart = false;
            j++;
        }

        return j;
    }

    /// <summary>
    /// <see cref="ScanHostNameScalar"/> on up to 32 bytes at once, as bit masks (a host name is usually
    /// 10-30 bytes, and a byte loop pays for every dot and for its end in mispredicted branches).
    /// Returns -2 when it cannot decide (a short span, no vectors, or a name longer than the window).
    /// </summary>
    internal static int ScanHostNameVector(ReadOnlySpan<byte> s, int start)
    {
        if (!Vector128.IsHardwareAccelerated || s.Length < 16)
        {
            return -2;
        }

        // The window ends at the span's end when fewer bytes remain; bits past the end then read as stops.
        var window = s.Length >= 32 ? 32 : 16;
        var at = Math.Min(start, s.Length - window);
        var shift = start - at;
        ref var r = ref MemoryMarshal.GetReference(s);
        HostMasks(Vector128.LoadUnsafe(ref r, (nuint)at), out var host, out var dots, out var dashes);
        if (window == 32)
        {
            HostMasks(Vector128.LoadUnsafe(ref r, (nuint)(at + 16)), out var host2, out var dots2, out var dashes2);
            host |= host2 << 16;
            dots |= dots2 << 16;
            dashes |= dashes2 << 16;
        }

        host >>= shift;
        dots >>= shift;
        dashes >>= shift;
        var known = window - shift;
        if (known < 32)
        {
            // Past the span's end nothing is a host character.
            host &= (1u << known) - 1;
        }

        var labelStarts = 1u | (dots << 1);
        var end = BitOperations.TrailingZeroCount(~host | (dashes & labelStarts));
        var badDot = BitOperations.TrailingZeroCount(dots & labelStarts);
        if (badDot < end)
        {
            return -1;
        }

        return end < known || at < start ? start + end : -2;
    }

    private static void HostMasks(Vector128<byte> v, out uint host, out uint dots, out uint dashes)
    {
        var alpha = Vector128.LessThanOrEqual((v | Vector128.Create((byte)0x20)) - Vector128.Create((byte)'a'), Vector128.Create((byte)25));
        var digit = Vector128.LessThanOrEqual(v - Vector128.Create((byte)'0'), Vector128.Create((byte)9));
        var dot = Vector128.Equals(v, Vector128.Create((byte)'.'));
        var dash = Vector128.Equals(v, Vector128.Create((byte)'-'));
        var underscore = Vector128.Equals(v, Vector128.Create((byte)'_'));
        host = (alpha | digit | dot | dash | underscore).ExtractMostSignificantBits();
        dots = dot.ExtractMostSignificantBits();
        dashes = dash.ExtractMostSignificantBits();
    }

    /// <summary>Scans a Via sent-by: like hostport, but LWS may surround the colon (COLON = SWS ":" SWS).</summary>
    internal static bool TryScanHostPortLws(
        ReadOnlySpan<byte> s, ref int i, out (int Start, int Length) host, out SipHostKind kind, out int port, out int end)
    {
        port = -1;
        end = 0;
        if (!TryScanHost(s, ref i, out host, out kind))
        {
            return false;
        }

        end = i;
        var j = SipSyntax.SkipLws(s, i);
        if (j < s.Length && s[j] == ':')
        {
            var portStart = SipSyntax.SkipLws(s, j + 1);
            var k = portStart;
            while (k < s.Length && SipSyntax.IsDigit(s[k]))
            {
                k++;
            }

            if (!SipSyntax.TryParseDigits(s[portStart..k], 65535, out var p))
            {
                return false;
            }

            port = (int)p;
            i = k;
            end = k;
        }

        return true;
    }

    private static bool TryParseTel(SipText raw, int colon, out SipUri uri)
    {
        uri = default;
        var s = raw.Span;
        var i = colon + 1;
        var start = i;
        if (i < s.Length && s[i] == '+')
        {
            i++;
        }

        while (i < s.Length && (SipSyntax.IsHex(s[i]) || s[i] is (byte)'*' or (byte)'#' or (byte)'-' or (byte)'.' or (byte)'(' or (byte)')'))
        {
            i++;
        }

        if (i == start || (i == start + 1 && s[start] == '+'))
        {
            return false;
        }

        var number = (start, i - start);
        var paramsStart = i;
        i = SipUriGrammar.ScanUriParameters(s, i);
        if (i != s.Length)
        {
            return false;
        }

        Fill(out uri, raw, SipUriScheme.Tel, colon, number, (i, 0), false, (i, 0), SipHostKind.DomainName, -1,
            (paramsStart, i - paramsStart), (i, 0), false);
        return true;
    }

    private static bool TryParseOther(SipText raw, int colon, out SipUri uri)
    {
        uri = default;
        var s = raw.Span;
        if (colon + 1 >= s.Length)
        {
            return false;
        }

        for (var i = colon + 1; i < s.Length; i++)
        {
            if (!SipSyntax.IsUriChar(s[i]))
            {
                return false;
            }
        }

        var end = s.Length;
        Fill(out uri, raw, SipUriScheme.Other, colon, (end, 0), (end, 0), false, (end, 0), SipHostKind.DomainName, -1,
            (end, 0), (end, 0), false);
        return true;
    }

    /// <summary>
    /// URI equivalence of RFC 3261 §19.1.4: user and password case-sensitive, host case-insensitive,
    /// all after unescaping; an absent port differs from an explicit one; the user, ttl, method, maddr
    /// and transport parameters must match when either side has them, other parameters only when both
    /// do; header parts must be equal. Other schemes compare their bytes, scheme case-insensitively.
    /// </summary>
    public bool IsEquivalentTo(SipUri other)
    {
        if (_scheme != other._scheme)
        {
            return false;
        }

        if (!IsSip)
        {
            return _scheme == SipUriScheme.Tel
                ? SipText.EqualsUnescaped(User.Span, other.User.Span, ignoreCase: true) && ParametersMatch(other, strictAll: true)
                : Ascii.EqualsIgnoreCase(SchemeName.Span, other.SchemeName.Span)
                    && _raw.Span[(_schemeLength + 1)..].SequenceEqual(other._raw.Span[(other._schemeLength + 1)..]);
        }

        return SipText.EqualsUnescaped(User.Span, other.User.Span, ignoreCase: false)
            && HasPassword == other.HasPassword
            && SipText.EqualsUnescaped(Password.Span, other.Password.Span, ignoreCase: false)
            && SipText.EqualsUnescaped(Host.Span, other.Host.Span, ignoreCase: true)
            && Port == other.Port
            && ParametersMatch(other, strictAll: false)
            && SipText.EqualsUnescaped(Headers.Span, other.Headers.Span, ignoreCase: false);
    }

    private bool ParametersMatch(SipUri other, bool strictAll)
    {
        if (!Covers(Parameters, other.Parameters, strictAll))
        {
            return false;
        }

        return Covers(other.Parameters, Parameters, strictAll);

        static bool Covers(SipParameters mine, SipParameters theirs, bool strictAll)
        {
            var index = -1;
            foreach (var p in mine)
            {
                // A repeated name counts once, with its first value (what a lookup by name finds):
                // comparing every repeat with the other side's first made a URI differ from itself.
                index++;
                if (FirstIndexOf(mine, p.Name.Span) != index)
                {
                    continue;
                }

                var found = false;
                foreach (var q in theirs)
                {
                    if (SipText.EqualsUnescaped(p.Name.Span, q.Name.Span, ignoreCase: true))
                    {
                        if (!SipText.EqualsUnescaped(p.Value.Span, q.Value.Span, ignoreCase: true))
                        {
                            return false;
                        }

                        found = true;
                        break;
                    }
                }

                if (!found && (strictAll || IsSignificant(p.Name.Span)))
                {
                    return false;
                }
            }

            return true;
        }

        static int FirstIndexOf(SipParameters parameters, ReadOnlySpan<byte> name)
        {
            var i = 0;
            foreach (var q in parameters)
            {
                if (SipText.EqualsUnescaped(q.Name.Span, name, ignoreCase: true))
                {
                    return i;
                }

                i++;
            }

            return -1;
        }

        static bool IsSignificant(ReadOnlySpan<byte> name) =>
            SipText.EqualsUnescaped(name, "user"u8, true) || SipText.EqualsUnescaped(name, "ttl"u8, true)
            || SipText.EqualsUnescaped(name, "method"u8, true) || SipText.EqualsUnescaped(name, "maddr"u8, true)
            || SipText.EqualsUnescaped(name, "transport"u8, true);
    }

    /// <summary>Byte-wise equality of the written forms (see <see cref="IsEquivalentTo"/> for RFC equivalence).</summary>
    public bool Equals(SipUri other) => _raw.Span.SequenceEqual(other._raw.Span);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is SipUri other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => Raw.GetHashCode();

    /// <summary>The URI as written.</summary>
    public override string ToString() => Raw.ToString();

    /// <summary>Byte-wise equality.</summary>
    public static bool operator ==(SipUri left, SipUri right) => left.Equals(right);

    /// <summary>Byte-wise inequality.</summary>
    public static bool operator !=(SipUri left, SipUri right) => !left.Equals(right);
}
